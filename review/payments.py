"""Money: reserving, confirming and releasing the decentralisatie-uitkering on a circulaire's list.

The rule of *which* circulaire lives in ``review.schedule``; this module writes what it decides. Reserving
(at a positive advice), confirming (at approval) and releasing (at rejection or withdrawal) run inside the
workflow move's transaction, so a move and its money are one. Every write locks the programme round's row:
the budget (reservations and payments together) and the one-payment rule hold under double clicks, retries
and concurrent requests; the database constraint is the last line. Locks are always taken in one order, round,
then payment, then circulaire, so two writers never wait on each other crosswise.
"""

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.jobs import job_add
from pow_portal.models import ProgrammeRound, User
from pow_portal.money import format_euro
from pow_portal.permissions import role_check
from pow_portal.services import audit_log

from . import schedule
from .constants import (
    ACTIVE_PAYMENT_STATES,
    BUDGET_PAYMENT_STATES,
    AdviceKind,
    CirculaireStatus,
    CorrectionKind,
    DecisionKind,
    PaymentKind,
    PaymentStatus,
)
from .models import Advice, Circulaire, Decision, Payment, PaymentCorrection

logger = logging.getLogger(__name__)

ERROR_BUDGET = _("Het budget van %(budget)s voor %(year)s is op: er is nog %(left)s, deze betaling is %(amount)s.")
ERROR_LOCKED = _("De betaallijst van %(circulaire)s is vastgesteld; de betalingen erop kunnen niet meer wijzigen.")
ERROR_REASON = _("Geef de reden van de correctie.")
ERROR_NOT_OPEN = _("Kies een open circulaire.")
ERROR_CANCELLED = _("Deze betaling is geannuleerd.")
ERROR_NOT_ACTIVE = _("Deze betaling is vrijgegeven of verrekend en kan niet meer wijzigen.")
ERROR_NOT_APPROVED = _("Alleen een goedgekeurd plan krijgt een betaling.")
ERROR_WRONG_YEAR = _(
    "De tranche %(tranche)s kan alleen op een circulaire van %(tranche)s; %(circulaire)s is van %(year)s."
)
POSITIVE_ADVICE = (AdviceKind.POSITIEF, AdviceKind.POSITIEF_MET_VOORWAARDEN)


def budget_used(round: ProgrammeRound, year: int) -> Decimal:
    """Reservations and payments of ``year`` together (corrections net out what they correct)."""
    total = Payment.objects.filter(round=round, tranche=year, status__in=BUDGET_PAYMENT_STATES).aggregate(
        total=Sum("amount")
    )["total"]
    return total or Decimal("0")


def _lock_round(round: ProgrammeRound) -> ProgrammeRound:
    """Serialise all money writes of a round (call inside a transaction)."""
    return ProgrammeRound.objects.select_for_update().get(pk=round.pk)


def _active(round, region, year, *, lock=False):
    """The region's active uitkering of ``year``; with ``lock`` its row is locked too (after the round's)."""
    rows = Payment.objects.select_related("circulaire").filter(
        round=round, region=region, tranche=year, kind=PaymentKind.UITKERING, status__in=ACTIVE_PAYMENT_STATES
    )
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.first()


def _lock_payment(payment: Payment) -> Payment:
    """Lock the round, then the payment (the one lock order of this module); the fresh row."""
    ProgrammeRound.objects.select_for_update().get(pk=payment.round_id)
    return Payment.objects.select_for_update(of=("self",)).select_related("circulaire").get(pk=payment.pk)


def _check_budget(round: ProgrammeRound, year: int, amount: Decimal):
    left = round.yearly_budget - budget_used(round, year)
    if amount > left:
        logger.warning("payment refused: budget of round %s year %s exhausted", round.pk, year)
        raise ValidationError(
            ERROR_BUDGET
            % {
                "budget": format_euro(round.yearly_budget),
                "year": year,
                "left": format_euro(left),
                "amount": format_euro(amount),
            },
            code="budget",
        )


def _create(*, round, region, year, status, placement, by, **fields) -> Payment:
    """One uitkering within budget; when another request was first, theirs (the database's one-payment rule)."""
    _check_budget(round, year, round.amount_per_tranche)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                round=round,
                region=region,
                centrumgemeente=region.centrumgemeente,
                tranche=year,
                amount=round.amount_per_tranche,
                status=status,
                circulaire=placement.circulaire,
                reason=str(placement.reason)[:300],
                created_by=by,
                confirmed_at=timezone.now() if status == PaymentStatus.BEVESTIGD else None,
                **fields,
            )
    except IntegrityError:
        return _active(round, region, year)
    audit_log(actor=by, action=f"payment.{status}", obj=payment,
              data={"tranche": year, "amount": str(payment.amount), "circulaire": payment.circulaire_id,
                    "reason": payment.reason})  # fmt: skip
    logger.info("payment %s %s on circulaire %s", payment.pk, status, payment.circulaire_id)
    return payment


def payment_reserve(*, advice: Advice, by: User) -> Payment | None:
    """A positive advice reserves the region's tranche (inside the advice's transaction). None when negative."""
    if advice.kind not in POSITIVE_ADVICE:
        return None
    plan = advice.version.plan
    year = plan.round.starts_on.year
    with transaction.atomic():
        round = _lock_round(plan.round)
        existing = _active(round, plan.region, year)
        if existing:
            return existing
        window = schedule.plan_window(plan)
        return _create(
            round=round, region=plan.region, year=year, status=PaymentStatus.GERESERVEERD,
            placement=schedule.circulaire_for_advice(round, window, advice.advised_on), by=by,
            advice=advice, window=window,
            basis=f"Advies stuurgroep van {advice.advised_on:%d-%m-%Y}",
        )  # fmt: skip


def payment_confirm(*, decision: Decision) -> Payment:
    """The approval confirms the reservation, also on a list reported to BZK meanwhile (inside the decision's
    transaction); without a reservation the payment goes where ``schedule.circulaire_for_decision`` says."""
    if decision.kind != DecisionKind.GOEDKEURING:
        raise ValidationError(ERROR_NOT_APPROVED, code="not_approved")
    plan, by = decision.plan, decision.decided_by
    year = plan.round.starts_on.year
    basis = f"Besluit {decision.reference} van {decision.decided_on:%d-%m-%Y}"
    with transaction.atomic():
        round = _lock_round(plan.round)
        payment = _active(round, plan.region, year, lock=True)
        if payment is None:
            return _create(
                round=round, region=plan.region, year=year, status=PaymentStatus.BEVESTIGD,
                placement=schedule.circulaire_for_decision(round, decision.decided_on), by=by,
                decision=decision, window=schedule.plan_window(plan), basis=basis,
            )  # fmt: skip
        if payment.status == PaymentStatus.BEVESTIGD:
            return payment
        if not schedule.fits_year(payment.circulaire, year) and not payment.circulaire.is_locked:
            # A reservation that sits on another year's list (made before the rule) waits for the ministry.
            logger.warning("payment %s: circulaire %s is not of %s; it waits", payment.pk, payment.circulaire_id, year)
            payment.circulaire = None
            payment.save(update_fields=["circulaire"])
        payment.status, payment.decision, payment.basis = PaymentStatus.BEVESTIGD, decision, basis
        payment.confirmed_at = timezone.now()
        payment.save(update_fields=["status", "decision", "basis", "confirmed_at"])
        audit_log(actor=by, action="payment.bevestigd", obj=payment,
                  data={"decision": decision.pk, "circulaire": payment.circulaire_id})  # fmt: skip
        logger.info("payment %s confirmed by decision %s", payment.pk, decision.pk)
    return payment


def payment_release(*, plan, by: User, reason: str) -> Payment | None:
    """A rejection or withdrawal releases the plan's reservation (inside that move's transaction). On a list
    already reported to BZK the payment stays as reported and a correction goes on the next open circulaire."""
    year = plan.round.starts_on.year
    with transaction.atomic():
        round = _lock_round(plan.round)
        payment = _active(round, plan.region, year, lock=True)
        if payment is None:
            return None
        locked_list = payment.circulaire is not None and payment.circulaire.is_locked
        if not locked_list:
            payment.status = PaymentStatus.VRIJGEGEVEN
            payment.save(update_fields=["status"])
            PaymentCorrection.objects.create(payment=payment, kind=CorrectionKind.VRIJGEGEVEN,
                                             from_circulaire=payment.circulaire, reason=reason, by=by)  # fmt: skip
            audit_log(actor=by, action="payment.vrijgegeven", obj=payment, data={"reason": reason})
            logger.info("payment %s released", payment.pk)
            return payment
        placement = schedule.circulaire_for_correction(round, clock.today())
        payment.status = PaymentStatus.VERREKEND
        payment.save(update_fields=["status"])
        correction = Payment.objects.create(
            round=round, region=plan.region, centrumgemeente=payment.centrumgemeente, kind=PaymentKind.VERREKENING,
            tranche=year, amount=-payment.amount, corrects=payment, circulaire=placement.circulaire,
            reason=str(placement.reason)[:300], basis=f"Verrekening: {reason}"[:200], created_by=by,
            status=PaymentStatus.BEVESTIGD, confirmed_at=timezone.now(), window=payment.window,
        )  # fmt: skip
        PaymentCorrection.objects.create(payment=payment, kind=CorrectionKind.VERREKEND,
                                         from_circulaire=payment.circulaire, to_circulaire=placement.circulaire,
                                         reason=reason, by=by)  # fmt: skip
        audit_log(actor=by, action="payment.verrekend", obj=payment,
                  data={"correction": correction.pk, "circulaire": correction.circulaire_id,
                        "reason": reason})  # fmt: skip
        logger.info("payment %s corrected by %s", payment.pk, correction.pk)
        return correction


def payment_schedule_second_tranche(*, plan, evaluated_on, by: User, basis: str = "") -> Payment:
    """The next year's tranche, when the ministry records good progress for the region (called by monitoring)."""
    role_check(by, Role.MINISTERIE)
    decision = Decision.objects.filter(plan=plan, kind=DecisionKind.GOEDKEURING).first()
    if decision is None:
        raise ValidationError(ERROR_NOT_APPROVED, code="not_approved")
    year = plan.round.starts_on.year + 1
    with transaction.atomic():
        round = _lock_round(plan.round)
        existing = _active(round, plan.region, year)
        if existing:
            return existing
        return _create(
            round=round, region=plan.region, year=year, status=PaymentStatus.BEVESTIGD,
            placement=schedule.circulaire_for_evaluation(round, evaluated_on), by=by, decision=decision,
            basis=basis or f"Goede voortgang vastgesteld op {evaluated_on:%d-%m-%Y}",
        )  # fmt: skip


def payment_for_decision(decision: Decision) -> Payment | None:
    """The payment an approval confirmed (the letter names its circulaire)."""
    return (
        Payment.objects.select_related("circulaire")
        .filter(decision=decision, kind=PaymentKind.UITKERING, tranche=decision.plan.round.starts_on.year)
        .exclude(status__in=[PaymentStatus.GEANNULEERD, PaymentStatus.VRIJGEGEVEN])
        .first()
    )


def _check_correctable(payment: Payment, to: Circulaire | None):
    if payment.status == PaymentStatus.GEANNULEERD:
        raise ValidationError(ERROR_CANCELLED, code="cancelled")
    if payment.status not in ACTIVE_PAYMENT_STATES:
        raise ValidationError(ERROR_NOT_ACTIVE, code="not_active")
    for circulaire in (payment.circulaire, to):
        if circulaire is not None and circulaire.status == CirculaireStatus.VASTGESTELD:
            raise ValidationError(ERROR_LOCKED % {"circulaire": circulaire.name}, code="locked")


def payment_move(*, payment: Payment, to: Circulaire, reason: str, by: User) -> Payment:
    """Move a payment to another open circulaire (or give a waiting payment its circulaire)."""
    role_check(by, Role.MINISTERIE)
    if not reason.strip():
        raise ValidationError(ERROR_REASON, code="reason")
    with transaction.atomic():
        payment = _lock_payment(payment)
        to = Circulaire.objects.select_for_update().get(pk=to.pk)
        if to.status != CirculaireStatus.OPEN:
            raise ValidationError(ERROR_LOCKED % {"circulaire": to.name}, code="locked")
        _check_correctable(payment, to)
        if payment.kind == PaymentKind.UITKERING and not schedule.fits_year(to, payment.tranche):
            logger.info("payment %s not moved: circulaire %s is of %s", payment.pk, to.pk, to.year)
            raise ValidationError(
                ERROR_WRONG_YEAR % {"tranche": payment.tranche, "circulaire": to.name, "year": to.year}, code="year"
            )
        PaymentCorrection.objects.create(payment=payment, kind=CorrectionKind.VERPLAATST,
                                         from_circulaire=payment.circulaire, to_circulaire=to,
                                         reason=reason.strip(), by=by)  # fmt: skip
        payment.circulaire = to
        payment.save(update_fields=["circulaire"])
        audit_log(actor=by, action="payment.move", obj=payment, data={"to": to.pk, "reason": reason.strip()})
    return payment


def payment_cancel(*, payment: Payment, reason: str, by: User) -> Payment:
    role_check(by, Role.MINISTERIE)
    if not reason.strip():
        raise ValidationError(ERROR_REASON, code="reason")
    with transaction.atomic():
        payment = _lock_payment(payment)
        _check_correctable(payment, None)
        PaymentCorrection.objects.create(payment=payment, kind=CorrectionKind.GEANNULEERD,
                                         from_circulaire=payment.circulaire, reason=reason.strip(), by=by)  # fmt: skip
        payment.status = PaymentStatus.GEANNULEERD
        payment.save(update_fields=["status"])
        audit_log(actor=by, action="payment.cancel", obj=payment, data={"reason": reason.strip()})
    return payment


def circulaire_lock(*, circulaire: Circulaire, by: User) -> Circulaire:
    """Vaststellen: the list is final. The lock stores its rows; a job makes the exports from them after commit
    (outside the lock: thousands of rows take longer than a request), and records their hashes."""
    role_check(by, Role.MINISTERIE)
    from .exports import LIST_FILES_JOB, locked_rows

    with transaction.atomic():
        _lock_round(circulaire.round)
        circulaire = Circulaire.objects.select_for_update().get(pk=circulaire.pk)
        if circulaire.status == CirculaireStatus.VASTGESTELD:
            return circulaire
        circulaire.status = CirculaireStatus.VASTGESTELD
        circulaire.locked_at = timezone.now()
        circulaire.locked_by = by
        circulaire.save(update_fields=["status", "locked_at", "locked_by"])
        rows = locked_rows(circulaire)
        job_add(
            kind=LIST_FILES_JOB,
            key=f"{LIST_FILES_JOB}:{circulaire.pk}",
            payload={"circulaire_id": circulaire.pk, "rows": rows},
            by=by,
            total=3,
        )
        total = sum((Decimal(row[3]) for row in rows), Decimal("0"))
        audit_log(actor=by, action="circulaire.lock", obj=circulaire, data={"rows": len(rows), "total": str(total)})
    return circulaire
