"""Writes of the review app: the support team's check, the stuurgroep's advice and the ministry's decision.

Every move of a plan goes through ``plans.workflow.plan_transition``; the work of review happens in the
same transaction (the ``within`` hook) and its side effects (mail, letter PDF, payment) follow on commit.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from plans.constants import PlanStatus, Section
from plans.models import Plan
from plans.selectors import plan_latest_version
from plans.workflow import plan_transition
from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.jobs import job_add, jobs_offer_now
from pow_portal.models import User
from pow_portal.permissions import role_check
from pow_portal.selectors import active_emails
from pow_portal.services import audit_log, notification_queue

from . import payments
from .constants import AdviceKind, DecisionKind
from .models import Advice, AgendaItem, CheckItem, CompletenessCheck, Decision, SectionComment, StuurgroepMeeting
from .prefill import prefill

ERROR_NOT_REVIEWING = _("Dit kan alleen terwijl het plan in beoordeling is.")
ERROR_CHECK_OPEN = _("Beoordeel eerst elk punt van de volledigheidstoets.")
ERROR_CHECK_NOT_COMPLETE = _(
    "Niet alle punten zijn akkoord: vraag een aanvulling of pas het oordeel aan met een toelichting."
)
ERROR_OVERRIDE_NOTE = _("Licht toe waarom u afwijkt van het voorstel van het portaal.")
ERROR_SECTION = _("Onbekend onderdeel.")
ERROR_EMPTY_COMMENT = _("Schrijf een opmerking.")
ERROR_REASONS = _("Geef de motivering van het advies.")
ERROR_MEETING_DATE = _("Er is al een vergadering op deze datum.")
ERROR_FUTURE = _("Een datum in de toekomst kan niet: vul de datum in waarop het %(what)s is gegeven.")
ERROR_ADVICE_BEFORE_CHECK = _(
    "Het advies kan niet vóór %(day)s liggen: toen is het plan volledig bevonden door het ondersteuningsteam."
)
ERROR_DECISION_BEFORE_ADVICE = _("Het besluit kan niet vóór het advies van de stuurgroep van %(day)s liggen.")

logger = logging.getLogger(__name__)
ERROR_NO_CHECK = _("Start eerst de beoordeling: dan doet het portaal zijn voorstellen.")

logger = logging.getLogger(__name__)


def _region_emails(plan):
    return active_emails(role=Role.REGIO, region=plan.region)


def review_start(*, plan: Plan, by: User) -> CompletenessCheck:
    """The support team takes a submitted plan in review; the portal proposes each completeness item."""

    def make_check(locked) -> CompletenessCheck:
        version = plan_latest_version(locked)
        check, _new = CompletenessCheck.objects.get_or_create(version=version)
        for key, (proposal, reason) in prefill(version.content, locked.round).items():
            CheckItem.objects.get_or_create(
                completeness=check, key=key, defaults={"prefilled": proposal, "prefill_reason": reason}
            )
        return check

    return plan_transition(plan=plan, target=PlanStatus.IN_BEOORDELING, by=by, expected_status=PlanStatus.INGEDIEND,
                           within=make_check)  # fmt: skip


def check_item_decide(*, item: CheckItem, confirmed: bool, note: str, by: User) -> CheckItem:
    role_check(by, Role.ONDERSTEUNINGSTEAM)
    with transaction.atomic():
        # The plan first (as every move locks it), so the check cannot change while the plan is marked complete.
        plan_id = CheckItem.objects.filter(pk=item.pk).values_list("completeness__version__plan_id", flat=True).get()
        Plan.objects.select_for_update().get(pk=plan_id)
        item = (
            CheckItem.objects.select_for_update(of=("self",))
            .select_related("completeness__version__plan")
            .get(pk=item.pk)
        )
        if item.completeness.version.plan.status != PlanStatus.IN_BEOORDELING:
            logger.info("refused: check item %s while plan is not in review", item.pk)
            raise ValidationError(ERROR_NOT_REVIEWING, code="not_reviewing")
        if item.prefilled is not None and confirmed != item.prefilled and not note.strip():
            logger.info("refused: check item %s overridden without a note", item.pk)
            raise ValidationError(ERROR_OVERRIDE_NOTE, code="note_required")
        item.confirmed, item.note, item.decided_by, item.decided_at = confirmed, note.strip(), by, timezone.now()
        item.save()
        audit_log(actor=by, action="check.item", obj=item, data={"key": item.key, "confirmed": confirmed})
    return item


def check_confirm_proposals(*, plan: Plan, by: User) -> list[CheckItem]:
    """Confirm every open item of the plan's completeness check as the portal proposed it. Items already judged
    stay as they are; each can still be changed one by one (an override needs a note)."""
    role_check(by, Role.ONDERSTEUNINGSTEAM)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanStatus.IN_BEOORDELING:
            logger.info("refused: confirm proposals on plan %s in state %s", locked.pk, locked.status)
            raise ValidationError(ERROR_NOT_REVIEWING, code="not_reviewing")
        check = CompletenessCheck.objects.filter(version=plan_latest_version(locked)).first()
        if check is None:
            raise ValidationError(ERROR_NO_CHECK, code="no_check")
        now = timezone.now()
        items = list(check.items.filter(confirmed__isnull=True, prefilled__isnull=False))
        for item in items:
            item.confirmed, item.decided_by, item.decided_at = item.prefilled, by, now
        CheckItem.objects.bulk_update(items, ["confirmed", "decided_by", "decided_at"])
        audit_log(actor=by, action="check.confirm_proposals", obj=check, data={"items": [i.key for i in items]})
    return items


def comment_add(*, plan: Plan, section: str, text: str, by: User) -> SectionComment:
    role_check(by, Role.ONDERSTEUNINGSTEAM)
    if section not in Section.values:
        raise ValidationError(ERROR_SECTION, code="section")
    if not text.strip():
        raise ValidationError(ERROR_EMPTY_COMMENT, code="empty")
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanStatus.IN_BEOORDELING:
            raise ValidationError(ERROR_NOT_REVIEWING, code="not_reviewing")
        comment = SectionComment.objects.create(
            version=plan_latest_version(locked), section=section, text=text.strip(), author=by
        )
        audit_log(actor=by, action="comment.add", obj=comment, data={"section": section})
    return comment


def review_request_changes(*, plan: Plan, by: User, note: str = "") -> Plan:
    """Send the plan back to the region; the comments show beside each section in its form."""
    with transaction.atomic():
        moved = plan_transition(plan=plan, target=PlanStatus.AANVULLING_GEVRAAGD, by=by, note=note,
                                expected_status=PlanStatus.IN_BEOORDELING)  # fmt: skip
        version = plan_latest_version(moved)
        notification_queue(
            key=f"plan-version:{version.pk}:changes-requested",
            to=_region_emails(moved),
            subject=f"Aanvulling gevraagd: actieplan {moved.region.name}",
            body="Het ondersteuningsteam vraagt een aanvulling op uw actieplan. De opmerkingen staan bij de "
            "onderdelen in het portaal Perspectief op Werk." + (f"\n\n{note}" if note else ""),
        )
    return moved


def review_mark_complete(*, plan: Plan, by: User) -> Plan:
    def check_done(locked):
        check = CompletenessCheck.objects.filter(version=plan_latest_version(locked)).first()
        if check is None or not check.is_decided:
            raise ValidationError(ERROR_CHECK_OPEN, code="check_open")
        if not check.is_complete:
            raise ValidationError(ERROR_CHECK_NOT_COMPLETE, code="check_not_complete")

    return plan_transition(plan=plan, target=PlanStatus.VOLLEDIG, by=by, expected_status=PlanStatus.IN_BEOORDELING,
                           within=check_done)  # fmt: skip


def meeting_create(*, date: datetime.date, title: str, by: User) -> StuurgroepMeeting:
    """A new meeting; the same meeting submitted twice (a double click) is that meeting, not an error."""
    role_check(by, Role.STUURGROEP)

    def existing() -> StuurgroepMeeting:
        meeting = StuurgroepMeeting.objects.get(date=date)
        if meeting.title != title.strip():
            logger.info("refused: a meeting on %s exists already", date)
            raise ValidationError(ERROR_MEETING_DATE, code="duplicate")
        logger.info("meeting on %s submitted again: kept as it is", date)
        return meeting

    with transaction.atomic():
        if StuurgroepMeeting.objects.filter(date=date).exists():
            return existing()
        try:
            with transaction.atomic():
                meeting = StuurgroepMeeting.objects.create(date=date, title=title.strip())
        except IntegrityError:  # a concurrent request created it between the check and the insert
            return existing()
        audit_log(actor=by, action="meeting.create", obj=meeting)
    return meeting


def agenda_add(*, meeting: StuurgroepMeeting, plan: Plan, by: User) -> AgendaItem:
    def add(locked) -> AgendaItem:
        return AgendaItem.objects.create(meeting=meeting, version=plan_latest_version(locked), added_by=by)

    try:
        return plan_transition(
            plan=plan, target=PlanStatus.GEAGENDEERD, by=by, expected_status=PlanStatus.VOLLEDIG, within=add
        )
    except ValidationError:
        # The same plan added to the same meeting twice (a double click): the first one stands.
        again = AgendaItem.objects.filter(meeting=meeting, version__plan=plan, version=plan_latest_version(plan))
        if Plan.objects.filter(pk=plan.pk, status=PlanStatus.GEAGENDEERD).exists() and again.exists():
            logger.info("plan %s added to meeting %s again: kept as it is", plan.pk, meeting.pk)
            return again.get()
        raise


def _completed_on(plan: Plan) -> datetime.date | None:
    """The day the support team found the plan complete (its last move to ``volledig``)."""
    at = plan.status_changes.filter(to_status=PlanStatus.VOLLEDIG).order_by("-at").values_list("at", flat=True).first()
    return timezone.localtime(at).date() if at else None


def advice_record(*, plan: Plan, kind: str, reasons: str, by: User, advised_on: datetime.date | None = None) -> Advice:
    """The stuurgroep's advice. A positive one reserves the tranche on its circulaire in the same transaction."""
    if kind not in AdviceKind.values:
        raise ValidationError(_("Kies een advies."), code="kind")
    if not reasons.strip():
        raise ValidationError(ERROR_REASONS, code="reasons")
    advised_on = advised_on or clock.today()
    if advised_on > clock.today():
        raise ValidationError(ERROR_FUTURE % {"what": _("advies")}, code="future")

    def record(locked):
        completed = _completed_on(locked)
        if completed and advised_on < completed:
            raise ValidationError(ERROR_ADVICE_BEFORE_CHECK % {"day": date_format(completed, "j F Y")},
                                  code="before_check")  # fmt: skip
        version = plan_latest_version(locked)
        item = version.agenda_items.select_related("meeting").order_by("-added_at").first()
        advice = Advice.objects.create(version=version, meeting=item.meeting, kind=kind, advised_on=advised_on,
                                       reasons=reasons.strip(), recorded_by=by)  # fmt: skip
        try:
            payments.payment_reserve(advice=advice, by=by)
        except ValidationError as error:  # over budget: the advice stands, the ministry sees it waiting
            logger.warning("advice %s without reservation: %s", advice.pk, error.code)
            audit_log(actor=by, action="payment.budget_refused", obj=advice)
        notification_queue(  # the ministry has a decision to take
            key=f"plan-version:{version.pk}:advice",
            to=active_emails(role=Role.MINISTERIE),
            subject=f"Advies stuurgroep: {locked.region.name}",
            body=f"De stuurgroep heeft geadviseerd over het actieplan van {locked.region.name}: "
            f"{AdviceKind(kind).label.lower()}.\n\nHet besluit neemt u in het portaal Perspectief op Werk.",
        )
        return advice

    return plan_transition(plan=plan, target=PlanStatus.GEADVISEERD, by=by, expected_status=PlanStatus.GEAGENDEERD,
                           note=str(AdviceKind(kind).label), within=record)  # fmt: skip


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def decision_record(*, plan: Plan, kind: str, decided_on: datetime.date, reference: str, by: User) -> Decision:
    """The ministry's decision, only after an advice and only once. In the same transaction an approval starts
    the plan's term and confirms the payment, a rejection releases the reservation (review.payments, through
    the workflow's ``plan_moved``); the letter is a background job, rendered after commit."""
    if kind not in DecisionKind.values:
        raise ValidationError(_("Kies goedkeuring of afwijzing."), code="kind")
    if not reference.strip():
        raise ValidationError(_("Vul het kenmerk van het besluit in."), code="reference")
    target = PlanStatus.GOEDGEKEURD if kind == DecisionKind.GOEDKEURING else PlanStatus.AFGEWEZEN
    approved = kind == DecisionKind.GOEDKEURING

    def record(locked) -> Decision:
        if decided_on > clock.today():
            raise ValidationError(ERROR_FUTURE % {"what": _("besluit")}, code="future")
        version = plan_latest_version(locked)
        advice = Advice.objects.filter(version=version).first()
        if advice and decided_on < advice.advised_on:
            raise ValidationError(ERROR_DECISION_BEFORE_ADVICE % {"day": date_format(advice.advised_on, "j F Y")},
                                  code="before_advice")  # fmt: skip
        return Decision.objects.create(
            plan=locked,
            version=version,
            kind=kind,
            decided_on=decided_on,
            reference=reference.strip(),
            term_ends_on=_add_years(decided_on, locked.round.plan_term_years) if approved else None,
            decided_by=by,
        )

    with transaction.atomic():
        decision = plan_transition(plan=plan, target=target, by=by, expected_status=PlanStatus.GEADVISEERD,
                                   within=record)  # fmt: skip
        moved = decision.plan
        if approved:
            try:
                payments.payment_confirm(decision=decision)
            except ValidationError as error:  # over budget: the decision stands, the ministry sees it waiting
                logger.warning("approval %s without payment: %s", decision.pk, error.code)
                audit_log(actor=by, action="payment.budget_refused", obj=decision)
        job_add(
            kind="review.decision_letter", key=f"decision:{decision.pk}:letter", payload={"decision_id": decision.pk}
        )
        notification_queue(
            key=f"decision:{decision.pk}",
            to=_region_emails(moved),
            subject=f"Besluit over het actieplan {moved.region.name}",
            body=f"De staatssecretaris heeft besloten over uw actieplan: {decision.get_kind_display().lower()}. "
            "De besluitbrief staat in het portaal Perspectief op Werk.",
        )
    return decision


def plan_moved_release(*, plan: Plan, target: str, by: User, note: str, **kwargs) -> None:
    """Receiver of ``plans.workflow.plan_moved``: a rejection or withdrawal releases the plan's reservation."""
    if target == PlanStatus.AFGEWEZEN:
        payments.payment_release(plan=plan, by=by, reason="Afgewezen")
    elif target == PlanStatus.INGETROKKEN:
        payments.payment_release(plan=plan, by=by, reason=f"Ingetrokken door de regio: {note}".strip(": "))


def pending_work_retry(*, by: User) -> int:
    """Offer every waiting job (PDF, letter, mail, export) to the workers again, at once."""
    role_check(by, Role.MINISTERIE, Role.ONDERSTEUNINGSTEAM)
    return jobs_offer_now(by=by)
