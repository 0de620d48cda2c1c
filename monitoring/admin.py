from django.contrib import admin

from pow_portal.admin import RoleAdminMixin
from pow_portal.constants import ROUND_EDITOR_ROLES

from .models import Evaluation, MonitoringPeriod, NationalMeeting


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
class EvaluationAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Read-only: evaluations are recorded through the portal (audited, once per plan)."""

    edit_roles = frozenset()
    view_roles = ROUND_EDITOR_ROLES
    list_display = ["plan", "evaluated_on", "outcome", "payment"]
