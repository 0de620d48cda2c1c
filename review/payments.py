"""Money: scheduling the decentralisatie-uitkering in a circulaire, within budget and exactly once.

Approval calls ``plan_approved`` after its transaction commits (the seam of the review workflow). The
payment schedule rule itself lives in ``review.schedule``. Every write here locks the programme round's row,
so two approvals at the same moment are serialised: the budget check and the one-payment rule hold under
double clicks, task retries and concurrent requests; the database constraint is the last line.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pow_portal.constants import Role
from pow_portal.models import ProgrammeRound, User
from pow_portal.money import format_euro
from pow_portal.permissions import role_check
from pow_portal.services import audit_log

from .constants import CirculaireStatus, CorrectionKind, DecisionKind, PaymentStatus
from .models import Circulaire, Decision, Payment, PaymentCorrection
from .schedule import circulaire_for_decision

ERROR_BUDGET = _("Het budget van %(budget)s voor %(year)s is op: er is nog %(left)s, deze betaling is %(amount)s.")
ERROR_LOCKED = _("De betaallijst van %(circulaire)s is vastgesteld; de betalingen erop kunnen niet meer wijzigen.")
ERROR_REASON = _("Geef de reden van de correctie.")
ERROR_NOT_OPEN = _("Kies een open circulaire.")
ERROR_CANCELLED = _("Deze betaling is geannuleerd.")
ERROR_NOT_APPROVED = _("Alleen een goedgekeurd plan krijgt een betaling.")


def budget_used(round: ProgrammeRound, year: int) -> Decimal:
    total = (
        Payment.objects.filter(round=round, tranche=year)
        .exclude(status=PaymentStatus.GEANNULEERD)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or Decimal("0")


def _schedule(*, round: ProgrammeRound, region, year: int, on_date, decision=None, basis: str, by: User) -> Payment:
    """Create the payment of ``year`` for ``region`` once; return the existing one when it is already there."""
    with transaction.atomic():
        round = ProgrammeRound.objects.select_for_update().get(pk=round.pk)  # serialises all scheduling of the round
        existing = (
            Payment.objects.filter(round=round, region=region, tranche=year)
            .exclude(status=PaymentStatus.GEANNULEERD)
            .first()
        )
        if existing:
            return existing
        amount = round.amount_per_tranche
        left = round.yearly_budget - budget_used(round, year)
        if amount > left:
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
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    round=round,
                    region=region,
                    centrumgemeente=region.centrumgemeente,
                    tranche=year,
                    amount=amount,
                    decision=decision,
                    basis=basis,
                    circulaire=circulaire_for_decision(round, on_date),
                    created_by=by,
                )
        except IntegrityError:  # the database's one-payment rule: someone else was first
            return Payment.objects.get(round=round, region=region, tranche=year, status=PaymentStatus.GEPLAND)
        audit_log(actor=by, action="payment.schedule", obj=payment,
                  data={"tranche": year, "amount": str(amount), "circulaire": payment.circulaire_id})  # fmt: skip
    return payment


def payment_schedule(*, decision: Decision) -> Payment:
    """The 2019 tranche for an approved plan: the round's amount in the earliest open circulaire."""
    if decision.kind != DecisionKind.GOEDKEURING:
        raise ValidationError(ERROR_NOT_APPROVED, code="not_approved")
    plan = decision.plan
    return _schedule(
        round=plan.round,
        region=plan.region,
        year=plan.round.starts_on.year,
        on_date=decision.decided_on,
        decision=decision,
        basis=f"Besluit {decision.reference} van {decision.decided_on:%d-%m-%Y}",
        by=decision.decided_by,
    )


def payment_schedule_second_tranche(*, plan, evaluated_on, by: User, basis: str = "") -> Payment:
    """The 2020 tranche, when the ministry records good progress for the region (called by monitoring)."""
    role_check(by, Role.MINISTERIE)
    decision = Decision.objects.filter(plan=plan, kind=DecisionKind.GOEDKEURING).first()
    if decision is None:
        raise ValidationError(ERROR_NOT_APPROVED, code="not_approved")
    return _schedule(
        round=plan.round,
        region=plan.region,
        year=plan.round.starts_on.year + 1,
        on_date=evaluated_on,
        decision=decision,
        basis=basis or f"Goede voortgang vastgesteld op {evaluated_on:%d-%m-%Y}",
        by=by,
    )


def plan_approved(*, decision_id: int) -> None:
    """The approval seam: called once per approval, after its transaction commits; queues the scheduling."""
    from .tasks import payment_schedule_for_decision

    payment_schedule_for_decision.delay(decision_id)


def payment_schedule_for_approval(*, decision_id: int) -> None:
    """Schedule an approval's payment (the Celery task's body; safe to run twice)."""
    decision = Decision.objects.select_related("plan__round", "plan__region", "decided_by").get(pk=decision_id)
    try:
        payment_schedule(decision=decision)
    except ValidationError:
        # Over budget: the decision stands; the ministry sees the approved plan without payment as a task.
        audit_log(actor=decision.decided_by, action="payment.budget_refused", obj=decision)


def _check_correctable(payment: Payment, to: Circulaire | None):
    if payment.status == PaymentStatus.GEANNULEERD:
        raise ValidationError(ERROR_CANCELLED, code="cancelled")
    for circulaire in (payment.circulaire, to):
        if circulaire is not None and circulaire.status == CirculaireStatus.VASTGESTELD:
            raise ValidationError(ERROR_LOCKED % {"circulaire": circulaire.name}, code="locked")


def payment_move(*, payment: Payment, to: Circulaire, reason: str, by: User) -> Payment:
    """Move a payment to another open circulaire (or give a waiting payment its circulaire)."""
    role_check(by, Role.MINISTERIE)
    if not reason.strip():
        raise ValidationError(ERROR_REASON, code="reason")
    with transaction.atomic():
        payment = Payment.objects.select_for_update(of=("self",)).select_related("circulaire").get(pk=payment.pk)
        to = Circulaire.objects.select_for_update().get(pk=to.pk)
        if to.status != CirculaireStatus.OPEN:
            raise ValidationError(ERROR_LOCKED % {"circulaire": to.name}, code="locked")
        _check_correctable(payment, to)
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
        payment = Payment.objects.select_for_update(of=("self",)).select_related("circulaire").get(pk=payment.pk)
        _check_correctable(payment, None)
        PaymentCorrection.objects.create(payment=payment, kind=CorrectionKind.GEANNULEERD,
                                         from_circulaire=payment.circulaire, reason=reason.strip(), by=by)  # fmt: skip
        payment.status = PaymentStatus.GEANNULEERD
        payment.save(update_fields=["status"])
        audit_log(actor=by, action="payment.cancel", obj=payment, data={"reason": reason.strip()})
    return payment


def circulaire_lock(*, circulaire: Circulaire, by: User) -> Circulaire:
    """Vaststellen: the list is final; its exports are made once and their hashes recorded."""
    role_check(by, Role.MINISTERIE)
    from .exports import circulaire_store_exports

    with transaction.atomic():
        circulaire = Circulaire.objects.select_for_update().get(pk=circulaire.pk)
        if circulaire.status == CirculaireStatus.VASTGESTELD:
            return circulaire
        circulaire.status = CirculaireStatus.VASTGESTELD
        circulaire.locked_at = timezone.now()
        circulaire.locked_by = by
        circulaire.save(update_fields=["status", "locked_at", "locked_by"])
        exports = circulaire_store_exports(circulaire)
        audit_log(actor=by, action="circulaire.lock", obj=circulaire,
                  data={fmt: export.sha256 for fmt, export in exports.items()})  # fmt: skip
    return circulaire
