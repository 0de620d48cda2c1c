"""Writes of the review app: the support team's check, the stuurgroep's advice and the ministry's decision.

Every move of a plan goes through ``plans.workflow.plan_transition``; the work of review happens in the
same transaction (the ``within`` hook) and its side effects (mail, letter PDF, payment) follow on commit.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.constants import PlanStatus, Section
from plans.models import Plan, PlanVersion
from plans.workflow import plan_transition
from pow_portal.constants import Role
from pow_portal.models import User
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


def _require(user: User, *roles):
    if user.role not in roles:
        raise PermissionDenied(_("Uw rol mag dit niet."))


def latest_version(plan: Plan) -> PlanVersion:
    return plan.versions.order_by("-number").first()


def _region_emails(plan):
    return active_emails(role=Role.REGIO, region=plan.region)


def review_start(*, plan: Plan, by: User) -> CompletenessCheck:
    """The support team takes a submitted plan in review; the portal proposes each completeness item."""
    created = {}

    def make_check(locked):
        version = latest_version(locked)
        check, _new = CompletenessCheck.objects.get_or_create(version=version)
        for key, (proposal, reason) in prefill(version.content, locked.round).items():
            CheckItem.objects.get_or_create(
                completeness=check, key=key, defaults={"prefilled": proposal, "prefill_reason": reason}
            )
        created["check"] = check

    plan_transition(plan=plan, target=PlanStatus.IN_BEOORDELING, by=by, expected_status=PlanStatus.INGEDIEND,
                    within=make_check)  # fmt: skip
    return created["check"]


def check_item_decide(*, item: CheckItem, confirmed: bool, note: str, by: User) -> CheckItem:
    _require(by, Role.ONDERSTEUNINGSTEAM)
    with transaction.atomic():
        item = (
            CheckItem.objects.select_for_update(of=("self",))
            .select_related("completeness__version__plan")
            .get(pk=item.pk)
        )
        if item.completeness.version.plan.status != PlanStatus.IN_BEOORDELING:
            raise ValidationError(ERROR_NOT_REVIEWING, code="not_reviewing")
        if item.prefilled is not None and confirmed != item.prefilled and not note.strip():
            raise ValidationError(ERROR_OVERRIDE_NOTE, code="note_required")
        item.confirmed, item.note, item.decided_by, item.decided_at = confirmed, note.strip(), by, timezone.now()
        item.save()
        audit_log(actor=by, action="check.item", obj=item, data={"key": item.key, "confirmed": confirmed})
    return item


def comment_add(*, plan: Plan, section: str, text: str, by: User) -> SectionComment:
    _require(by, Role.ONDERSTEUNINGSTEAM)
    if section not in Section.values:
        raise ValidationError(ERROR_SECTION, code="section")
    if not text.strip():
        raise ValidationError(ERROR_EMPTY_COMMENT, code="empty")
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanStatus.IN_BEOORDELING:
            raise ValidationError(ERROR_NOT_REVIEWING, code="not_reviewing")
        comment = SectionComment.objects.create(
            version=latest_version(locked), section=section, text=text.strip(), author=by
        )
        audit_log(actor=by, action="comment.add", obj=comment, data={"section": section})
    return comment


def review_request_changes(*, plan: Plan, by: User, note: str = "") -> Plan:
    """Send the plan back to the region; the comments show beside each section in its form."""
    with transaction.atomic():
        moved = plan_transition(plan=plan, target=PlanStatus.AANVULLING_GEVRAAGD, by=by, note=note,
                                expected_status=PlanStatus.IN_BEOORDELING)  # fmt: skip
        version = latest_version(moved)
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
        check = CompletenessCheck.objects.filter(version=latest_version(locked)).first()
        if check is None or not check.is_decided:
            raise ValidationError(ERROR_CHECK_OPEN, code="check_open")
        if not check.is_complete:
            raise ValidationError(ERROR_CHECK_NOT_COMPLETE, code="check_not_complete")

    return plan_transition(plan=plan, target=PlanStatus.VOLLEDIG, by=by, expected_status=PlanStatus.IN_BEOORDELING,
                           within=check_done)  # fmt: skip


def meeting_create(*, date: datetime.date, title: str, by: User) -> StuurgroepMeeting:
    _require(by, Role.STUURGROEP)
    with transaction.atomic():
        if StuurgroepMeeting.objects.filter(date=date).exists():
            raise ValidationError(ERROR_MEETING_DATE, code="duplicate")
        meeting = StuurgroepMeeting.objects.create(date=date, title=title.strip())
        audit_log(actor=by, action="meeting.create", obj=meeting)
    return meeting


def agenda_add(*, meeting: StuurgroepMeeting, plan: Plan, by: User) -> AgendaItem:
    created = {}

    def add(locked):
        created["item"] = AgendaItem.objects.create(meeting=meeting, version=latest_version(locked), added_by=by)

    plan_transition(plan=plan, target=PlanStatus.GEAGENDEERD, by=by, expected_status=PlanStatus.VOLLEDIG, within=add)
    return created["item"]


def advice_record(*, plan: Plan, kind: str, reasons: str, by: User) -> Advice:
    if kind not in AdviceKind.values:
        raise ValidationError(_("Kies een advies."), code="kind")
    if not reasons.strip():
        raise ValidationError(ERROR_REASONS, code="reasons")
    created = {}

    def record(locked):
        version = latest_version(locked)
        item = version.agenda_items.select_related("meeting").order_by("-added_at").first()
        created["advice"] = Advice.objects.create(
            version=version, meeting=item.meeting, kind=kind, reasons=reasons.strip(), recorded_by=by
        )
        notification_queue(  # the ministry has a decision to take
            key=f"plan-version:{version.pk}:advice",
            to=active_emails(role=Role.MINISTERIE),
            subject=f"Advies stuurgroep: {locked.region.name}",
            body=f"De stuurgroep heeft geadviseerd over het actieplan van {locked.region.name}: "
            f"{AdviceKind(kind).label.lower()}.\n\nHet besluit neemt u in het portaal Perspectief op Werk.",
        )

    plan_transition(plan=plan, target=PlanStatus.GEADVISEERD, by=by, expected_status=PlanStatus.GEAGENDEERD,
                    note=str(AdviceKind(kind).label), within=record)  # fmt: skip
    return created["advice"]


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def decision_record(*, plan: Plan, kind: str, decided_on: datetime.date, reference: str, by: User) -> Decision:
    """The ministry's decision, only after an advice and only once. Approval starts the plan's term and,
    on commit, schedules the payment (review.payments) and renders the letter."""
    if kind not in DecisionKind.values:
        raise ValidationError(_("Kies goedkeuring of afwijzing."), code="kind")
    if not reference.strip():
        raise ValidationError(_("Vul het kenmerk van het besluit in."), code="reference")
    target = PlanStatus.GOEDGEKEURD if kind == DecisionKind.GOEDKEURING else PlanStatus.AFGEWEZEN
    created = {}

    def record(locked):
        approved = kind == DecisionKind.GOEDKEURING
        created["decision"] = Decision.objects.create(
            plan=locked,
            version=latest_version(locked),
            kind=kind,
            decided_on=decided_on,
            reference=reference.strip(),
            term_ends_on=_add_years(decided_on, locked.round.plan_term_years) if approved else None,
            decided_by=by,
        )

    with transaction.atomic():
        moved = plan_transition(plan=plan, target=target, by=by, expected_status=PlanStatus.GEADVISEERD, within=record)
        decision = created["decision"]
        from .tasks import decision_render_letter

        transaction.on_commit(lambda: decision_render_letter.delay(decision.pk))
        if kind == DecisionKind.GOEDKEURING:
            transaction.on_commit(lambda: payments.plan_approved(decision_id=decision.pk))
        notification_queue(
            key=f"decision:{decision.pk}",
            to=_region_emails(moved),
            subject=f"Besluit over het actieplan {moved.region.name}",
            body=f"De staatssecretaris heeft besloten over uw actieplan: {decision.get_kind_display().lower()}. "
            "De besluitbrief staat in het portaal Perspectief op Werk.",
        )
    return decision
