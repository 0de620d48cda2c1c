"""Reads of the plans app for pages."""

from pow_portal.models import ProgrammeRound

from . import page_limits
from .models import Plan, PlanVersion
from .sections import ORDER, spec_for


def plan_for_region(region) -> Plan | None:
    return Plan.objects.filter(region=region, round=ProgrammeRound.objects.current()).first()


def plan_overview(plan: Plan) -> list[dict]:
    """One row per section with its measured pages and limit, in framework order (two queries)."""
    rows = {row.section: row for row in plan.sections.all()}
    limits = page_limits.section_limits(plan.round)
    return [
        {
            "key": key.value,
            "title": key.label,
            "spec": spec_for(key),
            "row": rows.get(key.value),
            "pages": rows[key.value].pages if key.value in rows else 0,
            "limit": limits.get(key.value),
        }
        for key in ORDER
    ]


def plan_versions(plan: Plan):
    return PlanVersion.objects.filter(plan=plan).select_related("submitted_by").order_by("-number")


def plan_history(plan: Plan):
    return plan.status_changes.select_related("by").order_by("-at", "-id")
