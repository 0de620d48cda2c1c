from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pow_portal.admin import RecordAdminMixin, RoleAdminMixin
from pow_portal.constants import ROUND_EDITOR_ROLES

from .models import Circulaire, CirculaireExport, LetterTemplate, Payment, PaymentCorrection


@admin.register(Circulaire)
class CirculaireAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Name, deadline, window and publication date are reference data; the status and the lock change only by
    *vaststellen* on the payment list (audited), and a circulaire is never deleted."""

    edit_roles = ROUND_EDITOR_ROLES
    list_display = ["name", "year", "window", "bzk_deadline", "publication_date", "status"]
    list_filter = ["round", "status"]
    readonly_fields = ["status", "locked_at", "locked_by"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LetterTemplate)
class LetterTemplateAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = ROUND_EDITOR_ROLES
    list_display = ["kind", "subject"]

    def delete_refusal(self, obj):
        # Every future letter of this kind is made from it; a missing template fails each one.
        return _(
            "Het sjabloon '%(kind)s' is nodig voor elke besluitbrief van deze soort: pas de tekst aan in plaats "
            "van het te verwijderen."
        ) % {"kind": obj.get_kind_display()}


@admin.register(Payment)
class PaymentAdmin(RecordAdminMixin, admin.ModelAdmin):
    """Read-only: payments change through the portal's services (audited, never deleted)."""

    list_display = ["region", "kind", "tranche", "amount", "circulaire", "status"]
    list_select_related = ["region", "circulaire"]
    list_filter = ["circulaire", "status", "tranche"]
    list_select_related = ["region", "circulaire"]
    list_per_page = 25


@admin.register(PaymentCorrection)
class PaymentCorrectionAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["payment", "kind", "from_circulaire", "to_circulaire", "by", "at"]
    list_select_related = ["payment__region", "from_circulaire", "to_circulaire", "by"]


@admin.register(CirculaireExport)
class CirculaireExportAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["circulaire", "format", "sha256", "created_at"]
