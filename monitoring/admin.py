from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pow_portal.admin import RecordAdminMixin, RoleAdminMixin
from pow_portal.constants import ROUND_EDITOR_ROLES

from .models import Evaluation, MonitoringPeriod, NationalMeeting, ReportStatusChange


@admin.register(MonitoringPeriod)
class MonitoringPeriodAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = ROUND_EDITOR_ROLES
    list_display = ["name", "kind", "counts_until", "opens_on", "due_on"]
    list_filter = ["round"]


@admin.register(NationalMeeting)
class NationalMeetingAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = ROUND_EDITOR_ROLES
    list_display = ["title", "kind", "date", "counts_for_attendance"]
    list_filter = ["round", "kind"]


@admin.register(Evaluation)
class EvaluationAdmin(RecordAdminMixin, admin.ModelAdmin):
    """Read-only: evaluations are recorded through the portal (audited, once per plan) and carry the 2020
    tranche's payment, so nobody deletes one here, the beheerder included."""

    list_display = ["plan", "evaluated_on", "outcome", "payment"]
    # The letter lives in private storage without a public URL, so the admin cannot render the file field; the
    # portal serves it, after checking the region, as monitoring:evaluation-letter.
    exclude = ["letter"]
    readonly_fields = ["letter_link"]

    @admin.display(description=_("brief"))
    def letter_link(self, obj):
        if not obj.letter:
            return "-"
        url = reverse("monitoring:evaluation-letter", args=[obj.plan_id])
        return format_html('<a href="{}">{}</a>', url, obj.letter.name.rsplit("/", 1)[-1])


@admin.register(ReportStatusChange)
class ReportStatusChangeAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["report", "from_status", "to_status", "by", "at"]
