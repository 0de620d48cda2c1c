"""Reads for the dashboards: each role's work now, and the national figures. Fixed query counts.

The start pages' lists are capped (``LIMIT`` rows plus a count), so their time stays flat as the
number of regions grows; the national dashboard shows every region and so grows linearly in rows,
never in queries.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _

from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from pow_portal import clock
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound
from review.constants import ACTIVE_PAYMENT_STATES, BUDGET_PAYMENT_STATES, CirculaireStatus, DecisionKind
from review.models import AgendaItem, Circulaire, Decision, Payment, StuurgroepMeeting

from . import services
from .constants import AttendanceStatus, ReportStatus
from .models import Attendance, FollowUp, MonitoringPeriod, NationalMeeting, ProgressReport, ProgressReportVersion
from .selectors import MATCH_KEYS, ambition_of, monitored_plan, monitored_round, region_reports, reports_to_read
from .workflow import EDITABLE_STATES

LIMIT = 10
CONVERSATION_MONTHS = (4, 10)  # the support team talks with every region in April and October


def _capped(queryset):
    rows = list(queryset[: LIMIT + 1])
    return {"rows": rows[:LIMIT], "more": len(rows) > LIMIT}


# ---- start pages ------------------------------------------------------------------------------------------------


def region_work(region) -> dict:
    """The region's next due report and what is still missing in it."""
    plan = monitored_plan(region)
    if plan is None or plan.status != PlanStatus.GOEDGEKEURD:
        return {"approved": False}
    rows = region_reports(plan)
    due = next(
        (r for r in rows if r["report"] is None or r["report"].status in EDITABLE_STATES),
        None,
    )
    missing = services.report_missing(due["report"]) if due and due["report"] else []
    follow_ups = FollowUp.objects.filter(conversation__region=region, done_on__isnull=True).order_by("due_on")[:LIMIT]
    return {"approved": True, "due": due, "missing": missing, "follow_ups": list(follow_ups)}


def conversation_window_start(today: datetime.date) -> datetime.date:
    """The first day of the current conversation round (1 April or 1 October)."""
    if today.month >= 10:
        return datetime.date(today.year, 10, 1)
    if today.month >= 4:
        return datetime.date(today.year, 4, 1)
    return datetime.date(today.year - 1, 10, 1)


def support_work() -> dict:
    """Submissions to check, reports to read, conversations due in this round, follow-ups due soon."""
    today = clock.today()
    round_ = ProgrammeRound.objects.current()
    window = conversation_window_start(today)
    first_round = datetime.date(round_.starts_on.year, 10, 1) if round_ else window  # first round: October 2019
    plans = Plan.objects.filter(round=round_)
    submissions = plans.filter(status__in=[PlanStatus.INGEDIEND, PlanStatus.IN_BEOORDELING]).select_related("region")
    no_talk = (
        plans.filter(status=PlanStatus.GOEDGEKEURD)
        .exclude(region__conversations__held_on__gte=window)
        .select_related("region")
        .order_by("region__name")
    )
    return {
        "submissions": _capped(submissions.order_by("updated_at")),
        "submission_count": submissions.count(),
        "to_read": _capped(reports_to_read()),
        "conversations_due": _capped(no_talk) if today >= first_round else {"rows": [], "more": False},
        "window": window,
        "follow_ups": _capped(
            FollowUp.objects.filter(done_on__isnull=True, due_on__lte=today + datetime.timedelta(14))
            .select_related("conversation__region")
            .order_by("due_on")
        ),
    }


def stuurgroep_work() -> dict:
    """The next meeting and its agenda."""
    meeting = StuurgroepMeeting.objects.filter(date__gte=clock.today()).order_by("date").first()
    agenda = []
    if meeting:
        agenda = list(
            AgendaItem.objects.filter(meeting=meeting).select_related("version__plan__region").order_by("added_at")
        )
    return {"meeting": meeting, "agenda": agenda}


def ministry_work() -> dict:
    """Decisions to take, payment lists to lock before BZK's deadline, evaluations due."""
    today = clock.today()
    round_ = ProgrammeRound.objects.current()
    to_decide = Plan.objects.filter(round=round_, status=PlanStatus.GEADVISEERD).select_related("region")
    lists = (
        Circulaire.objects.filter(round=round_, status=CirculaireStatus.OPEN, bzk_deadline__gte=today)
        .annotate(n=Count("payments", filter=Q(payments__status__in=ACTIVE_PAYMENT_STATES)))
        .order_by("bzk_deadline")
    )
    evaluations = Plan.objects.filter(round=round_, status=PlanStatus.GOEDGEKEURD, evaluation__isnull=True)
    return {
        "to_decide": _capped(to_decide.order_by("region__name")),
        "lists": _capped(lists),
        "evaluations": _capped(evaluations.select_related("region").order_by("region__name")),
        "evaluation_count": evaluations.count(),
    }


# ---- the national dashboard --------------------------------------------------------------------------------


def _bars(rows, *, value_keys):
    """Chart geometry for horizontal bars: each row's values as a percentage of the largest value."""
    top = max([row[k] or 0 for row in rows for k in value_keys] + [1])
    for i, row in enumerate(rows):
        row["y"] = i
        for k in value_keys:
            row[f"{k}_pct"] = round((row[k] or 0) * 100 / top, 1)
    return rows


PAGE_SIZE = 35


def _int(path):
    return Coalesce(Cast(KT(path), IntegerField()), 0)


def match_totals(round_) -> dict:
    """Ambition and realised matches over all approved plans, summed by the database (2 queries)."""
    approved = Decision.objects.filter(plan__round=round_, kind=DecisionKind.GOEDKEURING)
    ambition = PlanVersion.objects.filter(pk__in=approved.values("version_id")).aggregate(
        t=Sum(_int("content__sections__ambitie__data__matches_total"))
    )["t"]
    latest = ProgressReportVersion.objects.filter(report__plan=OuterRef("plan_id")).order_by(
        "-report__period__due_on", "-number"
    )
    matches = sum(
        (_int(f"content__numbers__{key}") for key in MATCH_KEYS[1:]), _int(f"content__numbers__{MATCH_KEYS[0]}")
    )
    realised = approved.annotate(r=Subquery(latest.annotate(m=matches).values("m")[:1])).aggregate(t=Sum("r"))["t"]
    return {"ambition": ambition or 0, "realised": realised or 0, "plans": approved.count()}


def national_figures(*, page: int = 1) -> dict:
    """Plans per status, matches against ambition per region and in total, attendance per meeting,
    payments per circulaire and the budget left (a fixed number of queries for any number of regions)."""
    round_ = monitored_round()
    today = clock.today()
    status_counts = dict(Plan.objects.filter(round=round_).values_list("status").annotate(n=Count("id")).order_by())
    plans_per_status = _bars(
        [{"label": s.label, "value": status_counts.get(s.value, 0)} for s in PlanStatus], value_keys=["value"]
    )

    # Per region, one page of PAGE_SIZE regions (the 35 of 2019 fit on one); totals come from the database.
    region_count = Arbeidsmarktregio.objects.count()
    pages = max(1, -(-region_count // PAGE_SIZE))
    page = min(max(1, page), pages)
    page_regions = list(Arbeidsmarktregio.objects.order_by("name")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    plans = {p.region_id: p for p in Plan.objects.filter(round=round_, region__in=page_regions)}
    plan_ids = [p.pk for p in plans.values()]
    ambitions = {
        plan_id: ambition_of(content).get("total")
        for plan_id, content in Decision.objects.filter(plan__in=plan_ids, kind=DecisionKind.GOEDKEURING).values_list(
            "plan_id", "version__content"
        )
    }
    realised = {}
    for plan_id, content in (
        ProgressReportVersion.objects.filter(report__plan__in=plan_ids)
        .order_by("report__period__due_on", "number")
        .values_list("report__plan_id", "content")
    ):
        realised[plan_id] = sum(content["numbers"].get(k) or 0 for k in MATCH_KEYS)  # the latest one wins
    present = dict(
        Attendance.objects.filter(
            meeting__round=round_,
            meeting__counts_for_attendance=True,
            status=AttendanceStatus.AANWEZIG,
            region__in=page_regions,
        )
        .values_list("region")
        .annotate(n=Count("id"))
        .order_by()
    )
    held = NationalMeeting.objects.filter(round=round_, counts_for_attendance=True, date__lte=today).count()
    regions = []
    for region in page_regions:
        plan = plans.get(region.pk)
        regions.append(
            {
                "region": region,
                "status": plan.get_status_display() if plan else "—",
                "ambition": ambitions.get(plan.pk) if plan else None,
                "realised": realised.get(plan.pk) if plan else None,
                "present": present.get(region.pk, 0),
            }
        )
    periods, statuses = report_statuses(round_, plan_ids, today)
    for row in regions:
        plan = plans.get(row["region"].pk)
        row["reports"] = statuses.get(plan.pk) if plan else [None] * len(periods)
    matched = [r for r in regions if r["ambition"] is not None]
    _bars(matched, value_keys=["ambition", "realised"])
    totals = match_totals(round_)

    from .selectors import meetings_with_counts

    attendance = [
        {
            "label": m.title,
            "date": m.date,
            "aanwezig": c.get("aanwezig", 0),
            "afgemeld": c.get("afgemeld", 0),
            "afwezig": c.get("afwezig", 0),
        }
        for m, c in meetings_with_counts()
    ]
    _bars(attendance, value_keys=["aanwezig"])

    sums = {
        (row["circulaire"], row["tranche"]): row
        for row in Payment.objects.filter(round=round_, status__in=BUDGET_PAYMENT_STATES)
        .values("circulaire", "tranche")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by()
    }
    circulaires = []
    for c in Circulaire.objects.filter(round=round_).order_by("bzk_deadline"):
        rows = [v for (cid, _t), v in sums.items() if cid == c.pk]
        circulaires.append(
            {
                "label": c.name,
                "status": c.get_status_display(),
                "n": sum(r["n"] for r in rows),
                "value": sum((r["total"] for r in rows), Decimal("0")),
            }
        )
    without = [v for (cid, _t), v in sums.items() if cid is None]
    if without:
        circulaires.append(
            {
                "label": "Zonder circulaire",
                "status": "",
                "n": sum(r["n"] for r in without),
                "value": sum((r["total"] for r in without), Decimal("0")),
            }
        )
    _bars(circulaires, value_keys=["value"])
    budget = []
    if round_:
        for year in (round_.starts_on.year, round_.starts_on.year + 1):
            used = sum((v["total"] for (_c, t), v in sums.items() if t == year), Decimal("0"))
            budget.append(
                {"year": year, "budget": round_.yearly_budget, "used": used, "left": round_.yearly_budget - used}
            )
    return {
        "round": round_,
        "plans_per_status": plans_per_status,
        "regions": regions,
        "periods": periods,
        "page": page,
        "pages": pages,
        "region_count": region_count,
        "matched": matched,
        "totals": totals,
        "attendance": attendance,
        "meetings_held": held,
        "circulaires": circulaires,
        "budget": budget,
    }


def report_statuses(round_, plan_ids, today) -> tuple[list, dict]:
    """Each plan's progress report per period that has opened: accepted, submitted or more asked (each perhaps
    late), missing once its due date passed, or still open; None where the period falls before the plan's approval.

    Three queries for any number of plans: the periods, the approval dates, the reports with their first version.
    """
    periods = list(MonitoringPeriod.objects.filter(round=round_, opens_on__lte=today).order_by("due_on"))
    approved_on = dict(
        Decision.objects.filter(plan__in=plan_ids, kind=DecisionKind.GOEDKEURING).values_list("plan_id", "decided_on")
    )
    first = ProgressReportVersion.objects.filter(report=OuterRef("pk")).order_by("number")
    reports = {
        (r.plan_id, r.period_id): r
        for r in ProgressReport.objects.filter(plan__in=plan_ids, period__in=periods).annotate(
            first_on_time=Subquery(first.values("on_time")[:1])
        )
    }
    statuses = {}
    for plan_id in plan_ids:
        row = []
        for period in periods:
            decided = approved_on.get(plan_id)
            if decided is None or period.due_on <= decided:
                row.append(None)
                continue
            report = reports.get((plan_id, period.pk))
            submitted = report is not None and report.first_on_time is not None
            if submitted:
                status, label = report.status, ReportStatus(report.status).label
                if report.status == ReportStatus.CONCEPT:  # sent back and being redone: more was asked
                    status, label = ReportStatus.AANVULLING_GEVRAAGD, ReportStatus.AANVULLING_GEVRAAGD.label
                row.append({"status": status, "label": label, "late": not report.first_on_time})
            elif period.due_on < today:
                row.append({"status": "ontbreekt", "label": _("Ontbreekt"), "late": True})
            else:
                row.append({"status": "open", "label": _("Nog niet ingediend"), "late": False})
        statuses[plan_id] = row
    return periods, statuses


# ---- charts: drawn by a template, from figures computed here ---------------------------------------------------


def bar_chart(
    *, title: str, desc: str, rows: list[dict], series: list[tuple[str, str, str]], label_key="label", fmt=None
):
    """A horizontal bar chart: ``series`` is [(value key, legend label, css class)].

    Each bar's length is a percentage of the largest value, as a string with a decimal point: it goes into an
    attribute, where the Dutch decimal comma would leave the bar undrawn. The template writes labels and values
    as HTML text, so they keep the page's type size at every width instead of shrinking with a scaled drawing.
    """
    top = float(max([row.get(k) or 0 for row in rows for k, _l, _c in series] + [1]))
    bars = []
    for row in rows:
        items = []
        for key, legend, css in series:
            shown = row.get(key)
            items.append(
                {
                    "value": fmt(shown) if fmt and shown is not None else shown,
                    "legend": legend,
                    "css": css,
                    "percent": f"{float(shown or 0) * 100 / top:.1f}",
                }
            )
        bars.append({"label": str(row[label_key]), "items": items})
    legend = [{"legend": legend, "css": css} for _k, legend, css in series]
    return {"title": title, "desc": desc, "bars": bars, "legend": legend}
