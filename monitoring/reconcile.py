"""Reconcile the money: every invariant of the payment route checked against the database, on demand
(``manage.py reconcile``) and daily (beat). Nothing is repaired here: each deviation is reported, stored as a
``ReconcileRun`` and shown on "Wacht op verwerking", for the ministry to correct through the portal.

The invariants:
- each approved plan has exactly one confirmed first tranche, on a circulaire of its year;
- each evaluation that granted the next tranche has exactly one confirmed second tranche, on a circulaire of
  the next year;
- reservations and payments per round and year are within the yearly budget;
- a vastgesteld list's rows and its export files are what was reported (the stored hashes, and the hashes the
  locking recorded on the audit trail);
- no payment waits without a circulaire for longer than a day.

It lives in monitoring, the top layer, because the second tranche follows monitoring's evaluation.
"""

import datetime
import hashlib
import logging
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from plans.constants import PlanStatus
from plans.models import Plan
from pow_portal.models import AuditEvent, Job, ProgrammeRound, ReconcileRun
from pow_portal.money import format_euro
from review import schedule
from review.constants import (
    ACTIVE_PAYMENT_STATES,
    CirculaireStatus,
    DecisionKind,
    ExportFormat,
    PaymentKind,
    PaymentStatus,
)
from review.exports import LIST_FILES_JOB, export_csv, locked_rows
from review.models import Circulaire, CirculaireExport, Payment
from review.payments import budget_used

from .constants import EvaluationOutcome
from .models import Evaluation

logger = logging.getLogger(__name__)

GRACE = datetime.timedelta(days=1)


def _problem(check: str, message: str, obj=None) -> dict:
    return {"check": check, "message": message, "object": f"{obj._meta.label_lower}:{obj.pk}" if obj else ""}


def _tranche_problems(check, label, owner, region, tranche, payments, now) -> list[dict]:
    """One confirmed uitkering of ``tranche`` on a circulaire of that year (or waiting less than a day)."""
    confirmed = [p for p in payments if p.status == PaymentStatus.BEVESTIGD]
    if len(confirmed) != 1:
        return [_problem(check, f"{region}: {len(confirmed)} bevestigde {label} {tranche} in plaats van één.", owner)]
    payment = confirmed[0]
    if payment.circulaire is None:
        return []  # waiting: reported by the check on payments without a circulaire after a day
    if not schedule.fits_year(payment.circulaire, tranche):
        return [
            _problem(
                check,
                f"{region}: {label} {tranche} staat op {payment.circulaire.name} "
                f"(een circulaire van {payment.circulaire.year}).",
                payment,
            )
        ]
    return []


def _uitkeringen():
    rows = defaultdict(list)
    for payment in Payment.objects.filter(kind=PaymentKind.UITKERING).select_related("circulaire"):
        rows[(payment.round_id, payment.region_id, payment.tranche)].append(payment)
    return rows


def check_first_tranches(now) -> tuple[list[dict], int]:
    payments = _uitkeringen()
    plans = Plan.objects.filter(status=PlanStatus.GOEDGEKEURD, decision__kind=DecisionKind.GOEDKEURING)
    problems = []
    plans = list(plans.select_related("region", "round").distinct())
    for plan in plans:
        year = schedule.first_tranche_year(plan.round)
        found = payments.get((plan.round_id, plan.region_id, year), [])
        problems += _tranche_problems("eerste_tranche", "eerste tranche", plan, plan.region.name, year, found, now)
    return problems, len(plans)


def check_second_tranches(now) -> tuple[list[dict], int]:
    payments = _uitkeringen()
    evaluations = list(
        Evaluation.objects.filter(outcome=EvaluationOutcome.TOEGEKEND).select_related("plan__region", "plan__round")
    )
    problems = []
    for evaluation in evaluations:
        plan = evaluation.plan
        year = schedule.second_tranche_year(plan.round)
        found = payments.get((plan.round_id, plan.region_id, year), [])
        problems += _tranche_problems(
            "tweede_tranche", "tweede tranche", evaluation, plan.region.name, year, found, now
        )
    return problems, len(evaluations)


def check_budgets(now) -> tuple[list[dict], int]:
    problems, checked = [], 0
    years = Payment.objects.values_list("round", "tranche").annotate(n=Count("pk")).order_by()
    rounds = {r.pk: r for r in ProgrammeRound.objects.all()}
    for round_id, year, _n in years:
        round_ = rounds[round_id]
        used = budget_used(round_, year)
        checked += 1
        if used > round_.yearly_budget:
            problems.append(
                _problem(
                    "budget",
                    f"{round_.name} {year}: gereserveerd en betaald {format_euro(used)}, "
                    f"boven het budget van {format_euro(round_.yearly_budget)}.",
                    round_,
                )
            )
    return problems, checked


def _file_sha(export: CirculaireExport) -> str | None:
    try:
        with export.file.open("rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except (OSError, ValueError):
        return None


def check_locked_lists(now) -> tuple[list[dict], int]:
    """A vastgesteld list: its files are the ones reported, and its rows still give the same CSV."""
    problems = []
    locked = list(Circulaire.objects.filter(status=CirculaireStatus.VASTGESTELD))
    recorded = {
        event.object_id: event.data
        for event in AuditEvent.objects.filter(action="circulaire.exports", object_type="review.circulaire")
    }
    stored_rows = {
        job.payload.get("circulaire_id"): job.payload.get("rows")
        for job in Job.objects.filter(kind=LIST_FILES_JOB).only("payload")
    }
    for circulaire in locked:
        rows_at_lock = stored_rows.get(circulaire.pk)
        if rows_at_lock is not None and rows_at_lock != locked_rows(circulaire):
            problems.append(
                _problem(
                    "vastgesteld",
                    f"{circulaire.name}: de betalingen op de lijst zijn gewijzigd na het vaststellen.",
                    circulaire,
                )
            )
        exports = {e.format: e for e in CirculaireExport.objects.filter(circulaire=circulaire)}
        if not exports:
            if circulaire.locked_at and circulaire.locked_at < now - GRACE:
                problems.append(_problem("vastgesteld", f"{circulaire.name}: vastgesteld zonder exports.", circulaire))
            continue
        at_lock = recorded.get(str(circulaire.pk)) or {}
        for fmt, export in exports.items():
            if at_lock.get(fmt) and at_lock[fmt] != export.sha256:
                problems.append(
                    _problem(
                        "vastgesteld",
                        f"{circulaire.name}: de hash van de {fmt}-export is gewijzigd na het vaststellen.",
                        export,
                    )
                )
            if _file_sha(export) != export.sha256:
                problems.append(
                    _problem("vastgesteld", f"{circulaire.name}: het {fmt}-bestand is gewijzigd of onleesbaar.", export)
                )
        csv_export = exports.get(ExportFormat.CSV)
        if (
            rows_at_lock is None
            and csv_export
            and hashlib.sha256(export_csv(circulaire)).hexdigest() != csv_export.sha256
        ):
            problems.append(
                _problem(
                    "vastgesteld",
                    f"{circulaire.name}: de betalingen op de lijst zijn gewijzigd na het vaststellen.",
                    circulaire,
                )
            )
    return problems, len(locked)


def check_waiting_payments(now) -> tuple[list[dict], int]:
    waiting = list(
        Payment.objects.filter(circulaire__isnull=True, status__in=ACTIVE_PAYMENT_STATES, created_at__lt=now - GRACE)
        .select_related("region")
        .order_by("created_at")
    )
    problems = [
        _problem(
            "zonder_circulaire",
            f"{p.region.name}: betaling {p.tranche} ({p.get_status_display().lower()}) "
            f"wacht sinds {timezone.localtime(p.created_at):%d-%m-%Y} op een circulaire.",
            p,
        )
        for p in waiting
    ]
    return problems, len(waiting)


CHECKS = {
    "eerste_tranche": check_first_tranches,
    "tweede_tranche": check_second_tranches,
    "budget": check_budgets,
    "vastgesteld": check_locked_lists,
    "zonder_circulaire": check_waiting_payments,
}


def reconcile() -> ReconcileRun:
    """Run every check and store the result (read-only otherwise)."""
    now = timezone.now()
    problems, checked = [], {}
    for name, check in CHECKS.items():
        found, count = check(now)
        problems += found
        checked[name] = count
    run = ReconcileRun.objects.create(ran_at=now, ok=not problems, problems=problems, checked=checked)
    if problems:
        logger.warning("reconcile: %s deviation(s): %s", len(problems), sorted({p["check"] for p in problems}))
    else:
        logger.info("reconcile: every invariant holds (%s)", checked)
    return run
