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


@admin.register(Plan)
class PlanAdmin(RecordAdminMixin, admin.ModelAdmin):
    """Read-only in the admin: plans change through the portal's workflow only."""

    list_display = ["region", "round", "status", "updated_at"]
    list_filter = ["round", "status"]
    list_select_related = ["region", "round"]


@admin.register(PlanVersion)
class PlanVersionAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["plan", "number", "submitted_at", "pdf_sha256"]
    # The stored PDF has no public URL (private storage): link to the view that checks permissions instead.
    exclude = ["pdf"]
    readonly_fields = ["pdf_download"]

    @admin.display(description=_("PDF"))
    def pdf_download(self, obj):
        if not obj.pk or not obj.pdf:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("plans:version-pdf", args=[obj.plan_id, obj.number]), "PDF")


@admin.register(PlanStatusChange)
class PlanStatusChangeAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["plan", "from_status", "to_status", "by", "at"]
