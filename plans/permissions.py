"""Who may see and change a plan. Another region's plan is a 404: its existence is not disclosed."""

from django.http import Http404

from pow_portal.constants import Role

from .models import Plan

REVIEWER_ROLES = frozenset({Role.ONDERSTEUNINGSTEAM, Role.STUURGROEP, Role.MINISTERIE})


def can_view_plan(user, plan: Plan) -> bool:
    if user.role == Role.REGIO:
        return plan.region_id == user.region_id
    if user.role in REVIEWER_ROLES:
        return plan.versions.exists()  # drafts stay with the region until submitted
    return False


def is_plan_region_user(user, plan: Plan) -> bool:
    """A regio-medewerker of the plan's own region: the only one who ever writes its text."""
    return user.role == Role.REGIO and plan.region_id == user.region_id


def can_edit_plan(user, plan: Plan) -> bool:
    return is_plan_region_user(user, plan) and plan.is_editable


def get_plan_for(user, pk: int) -> Plan:
    plan = Plan.objects.select_related("region", "round").filter(pk=pk).first()
    if plan is None or not can_view_plan(user, plan):
        raise Http404
    return plan
