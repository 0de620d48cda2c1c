from django.contrib import admin

from pow_portal.admin import RoleAdminMixin
from pow_portal.constants import ROUND_EDITOR_ROLES

from .models import Circulaire, LetterTemplate, Payment, PaymentCorrection


@admin.register(Circulaire)
class CirculaireAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = ROUND_EDITOR_ROLES
    list_display = ["name", "year", "bzk_deadline", "publication_date", "status"]
    list_filter = ["round", "status"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = ROUND_EDITOR_ROLES
    list_display = ["kind", "subject"]


@admin.register(Payment)
class PaymentAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Read-only: payments change through the portal's services (audited, never deleted)."""

    edit_roles = frozenset()
    view_roles = ROUND_EDITOR_ROLES
    list_display = ["region", "tranche", "amount", "circulaire", "status"]
    list_filter = ["circulaire", "status", "tranche"]
    list_select_related = ["region", "circulaire"]
    list_per_page = 25


@admin.register(PaymentCorrection)
class PaymentCorrectionAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = frozenset()
    view_roles = ROUND_EDITOR_ROLES
    list_display = ["payment", "kind", "from_circulaire", "to_circulaire", "by", "at"]
    list_select_related = ["payment__region", "from_circulaire", "to_circulaire", "by"]
