"""Reads of the monitoring app for pages and dashboards. Each runs a fixed number of queries."""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Subquery

from plans.constants import PlanStatus, Section
from plans.models import Plan
from pow_portal import clock
from pow_portal.models import ProgrammeRound
from review.constants import DecisionKind
from review.models import Decision

from . import rules
from .constants import REPORT_NUMBERS, ReportStatus
from .models import (
    Attendance,
    Conversation,
    Evaluation,
    FollowUp,
    MonitoringPeriod,
    NationalMeeting,
    ProgressAdvice,
    ProgressReport,
    ProgressReportVersion,
)

MATCH_KEYS = ("matches_regulier", "matches_leerwerkplek", "matches_overig")


def counted_meetings(round_, on):
    return list(NationalMeeting.objects.filter(round=round_, counts_for_attendance=True, date__lte=on))


def attendance_for_region(region, *, on) -> dict:
    """The attendance rule's verdict for a region on a day, with the rows behind it (2 queries)."""
    round_ = ProgrammeRound.objects.current()
    meetings = counted_meetings(round_, on)
    statuses = dict(
        Attendance.objects.filter(region=region, meeting__in=[m.pk for m in meetings]).values_list("meeting", "status")
    )
    ok, reasons = rules.attendance_verdict(meetings, statuses)
    return {"ok": ok, "reasons": reasons, "meetings": [(m, statuses.get(m.pk)) for m in meetings]}


def ambition_of(plan_version_content: dict) -> dict:
    data = (plan_version_content.get("sections") or {}).get(Section.AMBITIE, {}).get("data") or {}
    return {
        "total": data.get("matches_total"),
        "y2019": data.get("matches_2019"),
        "regulier": data.get("reguliere_baan"),
        "leerwerkplek": data.get("leerwerkplek"),
        "overig": data.get("basisbaan"),
    }


def realised_of(numbers: dict) -> int:
    return sum(numbers.get(key) or 0 for key in MATCH_KEYS)


def periods(round_=None):
    return list(MonitoringPeriod.objects.filter(round=round_ or ProgrammeRound.objects.current()).order_by("due_on"))


def periods_for_plan(plan, decision) -> list:
    """The periods a region reports on: those due after its plan's approval."""
    return [p for p in periods(plan.round) if decision and p.due_on > decision.decided_on]


def approved_decision(plan):
    return Decision.objects.filter(plan=plan, kind=DecisionKind.GOEDKEURING).select_related("version").first()


def region_reports(plan) -> list[dict]:
    """Per period of an approved plan: the report (if started), its latest version and what is missing."""
    decision = approved_decision(plan)
    reports = {
        r.period_id: r
        for r in ProgressReport.objects.filter(plan=plan).prefetch_related(
            Prefetch("versions", queryset=ProgressReportVersion.objects.order_by("-number"))
        )
    }
    today = clock.today()
    rows = []
    for period in periods_for_plan(plan, decision):
        report = reports.get(period.pk)
        versions = list(report.versions.all()) if report else []
        rows.append(
            {
                "period": period,
                "report": report,
                "latest": versions[0] if versions else None,
                "overdue": period.due_on < today and (report is None or not versions),
            }
        )
    return rows


def next_due_report(plan) -> dict | None:
    """The first period whose report the region has not submitted yet."""
    for row in region_reports(plan):
        if row["report"] is None or row["report"].status in (ReportStatus.CONCEPT, ReportStatus.AANVULLING_GEVRAAGD):
            return row
    return None


def reports_to_read():
    """Submitted reports waiting for the support team, oldest first."""
    latest = ProgressReportVersion.objects.filter(report=OuterRef("pk")).order_by("-number")
    return (
        ProgressReport.objects.filter(status=ReportStatus.INGEDIEND)
        .select_related("plan__region", "period")
        .annotate(latest_version_id=Subquery(latest.values("pk")[:1]))
        .order_by("updated_at")
    )


def conversations_for_region(region):
    return Conversation.objects.filter(region=region).select_related("recorded_by").prefetch_related("follow_ups")


def follow_ups_due(*, within_days=14):
    today = clock.today()
    return (
        FollowUp.objects.filter(done_on__isnull=True, due_on__lte=today + datetime.timedelta(within_days))
        .select_related("conversation__region")
        .order_by("due_on")
    )


def evaluation_page(plan) -> dict:
    """Everything the ministry weighs for one region, on one page (a fixed number of queries)."""
    decision = approved_decision(plan)
    ambition = ambition_of(decision.version.content) if decision else ambition_of({})
    rows = region_reports(plan)
    timeline = []
    for row in rows:
        latest = row["latest"]
        numbers = latest.content["numbers"] if latest else {}
        timeline.append(
            {
                "period": row["period"],
                "version": latest,
                "numbers": numbers,
                "realised": realised_of(numbers) if latest else None,
                "on_time": latest.on_time if latest else None,
                "overdue": row["overdue"],
            }
        )
    today = clock.today()
    return {
        "plan": plan,
        "decision": decision,
        "ambition": ambition,
        "timeline": timeline,
        "attendance": attendance_for_region(plan.region, on=today),
        "conversations": list(conversations_for_region(plan.region)),
        "advice": ProgressAdvice.objects.filter(plan=plan).select_related("meeting").first(),
        "evaluation": Evaluation.objects.filter(plan=plan).select_related("payment__circulaire").first(),
        "number_labels": REPORT_NUMBERS,
    }


def approved_plans():
    return Plan.objects.filter(round=ProgrammeRound.objects.current(), status=PlanStatus.GOEDGEKEURD).select_related(
        "region"
    )


def evaluations_due():
    """Approved plans without an evaluation yet."""
    return approved_plans().filter(evaluation__isnull=True).order_by("region__name")


def plan_ambition(plan) -> dict:
    decision = approved_decision(plan)
    return ambition_of(decision.version.content) if decision else ambition_of({})


def reports_recent(limit=50):
    return ProgressReportVersion.objects.select_related("report__plan__region", "report__period").order_by(
        "-submitted_at"
    )[:limit]


def meetings_with_counts():
    """National meetings of the round with the number of regions per attendance status (2 queries)."""
    meetings = list(NationalMeeting.objects.filter(round=ProgrammeRound.objects.current()).order_by("date"))
    counts = {}
    for meeting_id, status, n in (
        Attendance.objects.filter(meeting__in=meetings)
        .values_list("meeting", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts.setdefault(meeting_id, {})[status] = n
    return [(m, counts.get(m.pk, {})) for m in meetings]


def evaluation_list():
    """Approved plans with their evaluation and advice, if any (1 query)."""
    return (
        approved_plans().select_related("evaluation__payment__circulaire", "progress_advice").order_by("region__name")
    )


def evaluation_for(plan):
    return Evaluation.objects.filter(plan=plan).select_related("payment__circulaire").first()
