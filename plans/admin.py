from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pow_portal.admin import RecordAdminMixin, RoleAdminMixin
from pow_portal.constants import ROUND_EDITOR_ROLES

from .models import Plan, PlanStatusChange, PlanVersion, SectionLimit


@admin.register(SectionLimit)
class SectionLimitAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = ROUND_EDITOR_ROLES
    list_display = ["round", "section", "max_pages"]
    list_filter = ["round"]

    def delete_refusal(self, obj):
        if Plan.objects.filter(round_id=obj.round_id).exists():
            return _(
                "De paginagrens van %(section)s is in gebruik: er zijn plannen in %(round)s. Pas de grens aan in "
                "plaats van haar te verwijderen."
            ) % {"section": obj.get_section_display(), "round": obj.round}
        return None


@admin.register(Plan)
class PlanAdmin(RecordAdminMixin, admin.ModelAdmin):
    """Read-only in the admin: plans change through the portal's workflow only."""

    list_display = ["region", "round", "status", "updated_at"]
    list_filter = ["round", "status"]
    list_select_related = ["region", "round"]


@admin.register(PlanVersion)
class PlanVersionAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["plan", "number", "submitted_at", "pdf_sha256"]
    # The PDF lives in private storage without a public URL (the admin's file link would raise): link to
    # the portal's download view instead, which checks who may see the plan.
    exclude = ["pdf"]
    readonly_fields = ["pdf_link"]

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        if not obj.pdf:
            return "—"
        url = reverse("plans:version-pdf", args=[obj.plan_id, obj.number])
        return format_html('<a href="{}">{}</a>', url, obj.pdf.name.rsplit("/", 1)[-1])


@admin.register(PlanStatusChange)
class PlanStatusChangeAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["plan", "from_status", "to_status", "by", "at"]
