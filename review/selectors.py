"""Reads of the review app for its lists; each runs a fixed number of queries whatever the number of plans."""

import difflib
import re

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from plans.richtext import plain_text
from plans.sections import ORDER, spec_for
from pow_portal.models import ProgrammeRound

from .models import StuurgroepMeeting
from .schedule import submission_window

QUEUE_STATES = [s for s in PlanStatus if s != PlanStatus.CONCEPT]
SORTS = {"regio": "region__name", "status": "status", "ingediend": "first_submitted", "wachten": "last_submitted"}


def plan_queue(*, status: str | None = None, sort: str = "ingediend", descending: bool = False):
    """Submitted plans with region and latest version, ordered: page it, then make rows with queue_rows."""
    round_ = ProgrammeRound.objects.current()
    versions = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    first = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("number")
    plans = (
        Plan.objects.filter(round=round_)
        .exclude(status=PlanStatus.CONCEPT)
        .select_related("region", "round")
        .annotate(
            latest_number=Subquery(versions.values("number")[:1]),
            last_submitted=Subquery(versions.values("submitted_at")[:1]),
            first_submitted=Subquery(first.values("submitted_at")[:1]),
        )
    )
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    order = SORTS.get(sort, "first_submitted")
    return plans.order_by(("-" if descending else "") + order, "region__name", "pk")


def queue_rows(plans) -> list[dict]:
    """One row per plan (a page of plan_queue): days waiting and circulaire window."""
    today = timezone.localdate()
    rows = []
    for plan in plans:
        first_day = timezone.localtime(plan.first_submitted).date() if plan.first_submitted else None
        last_day = timezone.localtime(plan.last_submitted).date() if plan.last_submitted else None
        rows.append(
            {
                "plan": plan,
                "version": plan.latest_number,
                "days_waiting": (today - last_day).days if last_day else None,
                "window": submission_window(plan.round, first_day) if first_day else "",
                "submitted": plan.first_submitted,
            }
        )
    return rows


def status_counts() -> dict:
    round_ = ProgrammeRound.objects.current()
    counts = dict(Plan.objects.filter(round=round_).values_list("status").annotate(n=Count("id")).order_by())
    return [(status, counts.get(status.value, 0)) for status in QUEUE_STATES]


def meetings():
    return StuurgroepMeeting.objects.annotate(n=Count("agenda")).order_by("date")


def plans_in_state(state):
    return (
        Plan.objects.filter(round=ProgrammeRound.objects.current(), status=state)
        .select_related("region")
        .order_by("region__name", "pk")
    )


_WORD = re.compile(r"\s+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in {"same", "del", "ins"}: a word-level diff of two texts."""
    a, b = _WORD.split(old.strip()) if old.strip() else [], _WORD.split(new.strip()) if new.strip() else []
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("same", " ".join(a[i1:i2])))
        if tag in ("delete", "replace"):
            ops.append(("del", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append(("ins", " ".join(b[j1:j2])))
    return ops


def version_diff(old: PlanVersion, new: PlanVersion) -> list[dict]:
    """Per section and text part, the word-level diff between two versions (structured data as text)."""
    result = []
    for key in ORDER:
        spec = spec_for(key)
        old_s, new_s = old.content["sections"][key.value], new.content["sections"][key.value]
        parts = []
        for part in spec.parts:
            a = plain_text(old_s["parts"].get(part.key, ""))
            b = plain_text(new_s["parts"].get(part.key, ""))
            parts.append({"label": part.label, "ops": word_diff(a, b), "changed": a != b})
        a, b = _data_text(old_s["data"]), _data_text(new_s["data"])
        if a or b:
            parts.append({"label": "Gegevens", "ops": word_diff(a, b), "changed": a != b})
        result.append({"key": key.value, "title": key.label, "parts": parts,
                       "changed": any(p["changed"] for p in parts)})  # fmt: skip
    return result


def _data_text(data) -> str:
    if isinstance(data, dict):
        return " ".join(f"{k}: {_data_text(v)}" for k, v in sorted(data.items()))
    if isinstance(data, list):
        return " | ".join(_data_text(v) for v in data)
    return "" if data is None else str(data)
