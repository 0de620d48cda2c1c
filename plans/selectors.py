"""Reads of the plans app for pages."""

import logging

from pow_portal.models import ProgrammeRound

from . import page_limits
from .constants import PlanStatus, Section
from .models import Plan, PlanFile, PlanSection, PlanVersion
from .sections import ORDER, spec_for

logger = logging.getLogger(__name__)


def plan_for_region(region) -> Plan | None:
    return Plan.objects.filter(region=region, round=ProgrammeRound.objects.current()).first()


def plan_overview(plan: Plan) -> list[dict]:
    """One row per section with its page-limit verdict (None for unlimited sections), in framework order
    (two queries)."""
    rows = {row.section: row for row in plan.sections.all()}
    limits = page_limits.section_limits(plan.round)
    return [
        {
            "key": key.value,
            "title": key.label,
            "spec": spec_for(key),
            "row": rows.get(key.value),
            "verdict": page_limits.verdict(key.value, rows[key.value].pages, limits[key.value])
            if key.value in rows and key.value in limits
            else None,
        }
        for key in ORDER
    ]


def plan_versions(plan: Plan):
    return PlanVersion.objects.filter(plan=plan).select_related("submitted_by").order_by("-number")


def plan_history(plan: Plan):
    return plan.status_changes.select_related("by").order_by("-at", "-id")


def plan_latest_version(plan: Plan) -> PlanVersion | None:
    """The newest submitted version of ``plan`` (None while it was never submitted)."""
    return plan.versions.order_by("-number").first()


def plan_version(plan: Plan, number: int) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan, number=number).first()


def plan_section(plan: Plan, key: str) -> PlanSection | None:
    return plan.sections.filter(section=key).first() if key in Section.values else None


def plan_file(plan: Plan, file_id: int) -> PlanFile | None:
    return PlanFile.objects.filter(pk=file_id, plan=plan).first()


def submitted_file_hashes(plan: Plan) -> set[str]:
    """The sha256 of every file that is part of a submitted version of ``plan``."""
    return {entry["sha256"] for content in plan.versions.values_list("content", flat=True)
            for entry in content["files"].values()}  # fmt: skip


def plan_changes_note(plan: Plan) -> str:
    """The support team's note with its latest request for changes, while the plan is back with the region."""
    if plan.status != PlanStatus.AANVULLING_GEVRAAGD:
        return ""
    change = plan.status_changes.filter(to_status=PlanStatus.AANVULLING_GEVRAAGD).order_by("-at", "-id").first()
    return change.note if change else ""
