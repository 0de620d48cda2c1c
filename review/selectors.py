"""Reads of the review app for its lists; each runs a fixed number of queries whatever the number of plans."""

import difflib
import logging
import re

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Sum, When
from django.utils import timezone

from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from plans.richtext import plain_text
from plans.sections import ORDER, spec_for
from plans.selectors import plan_latest_version
from pow_portal import clock
from pow_portal.models import ProgrammeRound, ReconcileRun
from pow_portal.selectors import jobs_unfinished

from .constants import ACTIVE_PAYMENT_STATES, BUDGET_PAYMENT_STATES, DecisionKind, PaymentKind, PaymentStatus
from .exports import circulaire_payments
from .models import CheckItem, Circulaire, CompletenessCheck, Decision, Payment, StuurgroepMeeting
from .schedule import submission_window

logger = logging.getLogger(__name__)

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


def circulaire_overview(round_):
    """The round's circulaires with reserved and confirmed counts and totals, and days left (1 query)."""
    reserved = Q(payments__status=PaymentStatus.GERESERVEERD)
    confirmed = Q(payments__status__in=[PaymentStatus.BEVESTIGD, PaymentStatus.VERREKEND])
    rows = Circulaire.objects.filter(round=round_).annotate(
        n_reserved=Count("payments", filter=reserved),
        sum_reserved=Sum("payments__amount", filter=reserved),
        n_confirmed=Count("payments", filter=confirmed),
        sum_confirmed=Sum("payments__amount", filter=confirmed),
    )
    today = clock.today()
    for c in rows:
        c.days_left = (c.bzk_deadline - today).days
    return rows


def payments_waiting(round_):
    """Reserved or confirmed payments that have no circulaire yet: a task for the ministry."""
    return Payment.objects.filter(
        round=round_, circulaire__isnull=True, status__in=ACTIVE_PAYMENT_STATES
    ).select_related("region")


def circulaire_list(circulaire):
    """The rows of a circulaire's payment list, reserved before confirmed, with why each is there (page it)."""
    reserved_first = Case(When(status=PaymentStatus.GERESERVEERD, then=0), default=1)
    return (
        circulaire_payments(circulaire)
        .select_related("advice", "decision")
        .order_by(reserved_first, "region__name", "tranche", "pk")
    )


def circulaire_totals(circulaire) -> dict:
    """Count and sum of the list, reserved and confirmed apart (1 query)."""
    reserved = Q(status=PaymentStatus.GERESERVEERD)
    sums = circulaire_payments(circulaire).aggregate(
        n_reserved=Count("pk", filter=reserved),
        reserved=Sum("amount", filter=reserved),
        n_confirmed=Count("pk", filter=~reserved),
        confirmed=Sum("amount", filter=~reserved),
        n=Count("pk"),
        total=Sum("amount"),
    )
    return {key: value or 0 for key, value in sums.items()}


def pending_work(round_) -> dict:
    """Everything the portal has not finished yet, oldest first, with its age ("Wacht op verwerking"; 4 queries):
    failed background work with its reason, waiting work, and approvals or payments without their money step."""
    now = timezone.now()
    jobs = jobs_unfinished()
    paid = Payment.objects.filter(decision=OuterRef("pk"), kind=PaymentKind.UITKERING, status__in=BUDGET_PAYMENT_STATES)
    unpaid = list(
        Decision.objects.filter(plan__round=round_, kind=DecisionKind.GOEDKEURING)
        .exclude(Exists(paid))
        .select_related("plan__region")
        .order_by("created_at")
    )
    homeless = list(payments_waiting(round_).order_by("created_at"))
    for row in [*unpaid, *homeless]:
        row.age = now - row.created_at
    return {
        "failed": jobs["failed"],
        "open": jobs["open"],
        "unpaid": unpaid,
        "homeless": homeless,
        "reconcile": ReconcileRun.objects.order_by("-ran_at").first(),
        "count": len(jobs["failed"]) + len(jobs["open"]) + len(unpaid) + len(homeless),
    }


def plan_comments_by_section(plan, version: PlanVersion | None = None) -> dict[str, list]:
    """{section key: [comment, …]} on ``version`` (default: the latest submitted one), oldest first."""
    version = version or plan_latest_version(plan)
    grouped = {}
    if version is not None:
        for comment in version.comments.select_related("author").order_by("created_at", "id"):
            grouped.setdefault(comment.section, []).append(comment)
    return grouped


def plan_decision(plan) -> Decision | None:
    return Decision.objects.filter(plan=plan).first()


def plan_versions_newest_first(plan) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(plan=plan).select_related("submitted_by").order_by("-number"))


def version_check(version: PlanVersion) -> CompletenessCheck | None:
    return CompletenessCheck.objects.filter(version=version).prefetch_related("items").first()


def decided():
    return Decision.objects.select_related("plan__region").order_by("-decided_on")


def plans_to_decide():
    """Advised plans, for the ministry's decision list (page it, then ``decision_rows``)."""
    return plans_in_state(PlanStatus.GEADVISEERD).prefetch_related("versions__advice").order_by("region__name", "pk")


def decision_rows(plans) -> list[dict]:
    """Each plan with the advice on its latest version (the prefetch of ``plans_to_decide``: no extra queries)."""
    rows = []
    for plan in plans:
        version = max(plan.versions.all(), key=lambda v: v.number)
        rows.append({"plan": plan, "advice": getattr(version, "advice", None)})
    return rows


def plans_awaiting_advice():
    """Plans on their way to the stuurgroep's advice: the ministry sees them wait, without a decision form."""
    return Plan.objects.filter(
        round=ProgrammeRound.objects.current(), status__in=[PlanStatus.VOLLEDIG, PlanStatus.GEAGENDEERD]
    ).select_related("region")


def meeting_agenda(meeting):
    return meeting.agenda.select_related("version__plan__region", "version__advice").order_by("added_at")


def plan_check_item(plan, item_id: int) -> CheckItem | None:
    return CheckItem.objects.filter(pk=item_id, completeness__version__plan=plan).first()


def meeting(meeting_id: int) -> StuurgroepMeeting | None:
    return StuurgroepMeeting.objects.filter(pk=meeting_id).first()
