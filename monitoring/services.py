"""Writes of the monitoring app: progress reports, attendance, conversations, advice and the evaluation.

Every write is atomic, checks the role, writes an audit row and queues its mails in the outbox
(sent after commit). The evaluation schedules the 2020 tranche through the money route's rule
(``review.payments.payment_schedule_second_tranche``) inside its own transaction: exactly once, within
budget, or not at all.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from plans.constants import PlanStatus
from plans.models import Plan
from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.jobs import job_add
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound, User
from pow_portal.money import format_euro
from pow_portal.selectors import active_emails
from pow_portal.services import audit_log, notification_queue
from review.constants import DecisionKind
from review.models import Decision, StuurgroepMeeting
from review.payments import payment_schedule_second_tranche

from . import permissions, rules, workflow
from .constants import (
    REPORT_NUMBERS,
    REPORT_TEXTS,
    AttendanceStatus,
    EvaluationOutcome,
    ReportStatus,
    ReviewOutcome,
)
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

logger = logging.getLogger(__name__)

ERROR_NOT_APPROVED = _("Alleen een regio met een goedgekeurd plan rapporteert over de voortgang.")
ERROR_REPORT_INCOMPLETE = _("De rapportage is nog niet compleet: %(missing)s.")
ERROR_COMMENT_REQUIRED = _("Schrijf wat de regio moet aanvullen.")
ERROR_OUTCOME = _("Kies accepteren of aanvulling vragen.")
ERROR_STATUS = _("Kies aanwezig, afgemeld of afwezig.")
ERROR_CONVERSATION = _("Vul de datum, met wie is gesproken en de afspraken in.")
ERROR_REASONS = _("Geef de motivering.")
ERROR_ALREADY_EVALUATED = _("De voortgang van deze regio is al geëvalueerd.")
ERROR_ADVICE_EXISTS = _("Het advies over de voortgang van deze regio is al vastgelegd.")
ERROR_EVALUATED_FUTURE = _("Een datum in de toekomst kan niet: vul de datum in waarop de voortgang is geëvalueerd.")
ERROR_EVALUATED_BEFORE_ADVICE = _(
    "De evaluatie kan niet vóór het advies van de stuurgroep over de voortgang van %(day)s liggen."
)
ERROR_EVALUATED_BEFORE_PERIOD = _(
    "De evaluatie kan niet vóór %(day)s liggen: de voortgang wordt geëvalueerd na de eerste periode waarover de "
    "regio rapporteert."
)
ERROR_EVALUATED_AFTER_TERM = _("De evaluatie kan niet na het einde van de looptijd van het plan (%(day)s) liggen.")


class ReportConflict(Exception):
    """Someone saved the report after the version the user started from."""

    def __init__(self, current: ProgressReport):
        super().__init__("report version conflict")
        self.current = current


def _region_emails(region) -> list[str]:
    return active_emails(role=Role.REGIO, region=region)


# ---- progress reports ------------------------------------------------------------------------------------


def _check_can_start(plan: Plan, by: User):
    permissions.check_report_writer(by, plan.region_id)
    if plan.status != PlanStatus.GOEDGEKEURD:
        raise ValidationError(ERROR_NOT_APPROVED, code="not_approved")


def report_for_edit(*, plan: Plan, period: MonitoringPeriod, by: User) -> ProgressReport:
    """The report to show in the form: the stored one, else a new one that is not saved (a GET writes nothing;
    the first save creates it)."""
    _check_can_start(plan, by)
    return ProgressReport.objects.filter(plan=plan, period=period).first() or ProgressReport(plan=plan, period=period)


def report_get_or_create(*, plan: Plan, period: MonitoringPeriod, by: User) -> ProgressReport:
    """The region's report for a period; only an approved plan's own region starts one."""
    _check_can_start(plan, by)
    report, _created = ProgressReport.objects.get_or_create(plan=plan, period=period)
    return report


def _check_can_edit(report: ProgressReport, by: User):
    workflow.check_editable(report, by)


def report_update(*, report: ProgressReport, numbers: dict, texts: dict, expected_version: int, by: User):
    """Save the draft if nobody saved it since ``expected_version``; else raise ReportConflict."""
    with transaction.atomic():
        row = ProgressReport.objects.select_for_update(of=("self",)).select_related("plan").get(pk=report.pk)
        _check_can_edit(row, by)
        if row.version != expected_version:
            raise ReportConflict(row)
        number_keys = {key for key, _label in REPORT_NUMBERS}
        text_keys = {key for key, _label in REPORT_TEXTS}
        row.numbers = {**row.numbers, **{k: v for k, v in numbers.items() if k in number_keys}}
        row.texts = {**row.texts, **{k: v.strip() for k, v in texts.items() if k in text_keys}}
        row.version += 1
        row.updated_by = by
        row.save()
        audit_log(actor=by, action="report.update", obj=row, data={"version": row.version})
    return row


def report_missing(report: ProgressReport) -> list[str]:
    """What the region still has to fill in before it can submit (labels, in form order)."""
    missing = [str(label) for key, label in REPORT_NUMBERS if report.numbers.get(key) is None]
    missing += [str(label) for key, label in REPORT_TEXTS if not (report.texts.get(key) or "").strip()]
    return missing


def report_snapshot(report: ProgressReport) -> dict:
    plan, period = report.plan, report.period
    return {
        "region": plan.region.name,
        "centrumgemeente": plan.region.centrumgemeente,
        "period": period.name,
        "counts_until": period.counts_until.isoformat(),
        "due_on": period.due_on.isoformat(),
        "numbers": {key: report.numbers.get(key) for key, _label in REPORT_NUMBERS},
        "texts": {key: report.texts.get(key, "") for key, _label in REPORT_TEXTS},
    }


def report_submit(*, report: ProgressReport, by: User) -> ProgressReportVersion:
    """Freeze the report into a version (the move to ``ingediend``); the PDF is rendered by a worker after commit."""

    def freeze(row: ProgressReport) -> ProgressReportVersion:
        missing = report_missing(row)
        if missing:
            raise ValidationError(ERROR_REPORT_INCOMPLETE % {"missing": "; ".join(missing)}, code="incomplete")
        number = (row.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = ProgressReportVersion.objects.create(
            report=row,
            number=number,
            content=report_snapshot(row),
            submitted_by=by,
            submitted_at=timezone.now(),
            on_time=rules.report_is_on_time(row.period, clock.today()),
        )
        job_add(
            kind="monitoring.report_pdf", key=f"report-version:{version.pk}:pdf", payload={"version_id": version.pk}
        )
        notification_queue(
            key=f"report-version:{version.pk}:submitted",
            to=active_emails(role=Role.ONDERSTEUNINGSTEAM),
            subject=f"Voortgangsrapportage ingediend: {row.plan.region.name} ({row.period.name})",
            body=(
                f"De arbeidsmarktregio {row.plan.region.name} heeft de voortgangsrapportage "
                f"{row.period.name} ingediend (versie {number}"
                f"{'' if version.on_time else ', na de uiterste inleverdatum'}).\n\n"
                "U leest en beoordeelt de rapportage in het portaal Perspectief op Werk."
            ),
        )
        return version

    return workflow.report_transition(report=report, target=ReportStatus.INGEDIEND, by=by, within=freeze)


def report_review(*, version: ProgressReportVersion, outcome: str, comment: str, by: User) -> ProgressReportVersion:
    """The support team accepts the latest submitted version or asks for more, with comments."""
    permissions.check_record_keeper(by)
    if outcome not in ReviewOutcome.values:
        raise ValidationError(ERROR_OUTCOME, code="outcome")
    if outcome == ReviewOutcome.AANVULLING_GEVRAAGD and not comment.strip():
        raise ValidationError(ERROR_COMMENT_REQUIRED, code="comment")
    accepted = outcome == ReviewOutcome.GEACCEPTEERD

    def record(report: ProgressReport) -> ProgressReportVersion:
        row = ProgressReportVersion.objects.get(pk=version.pk)
        latest = report.versions.order_by("-number").first()
        if latest.pk != row.pk or row.outcome:  # a stale page: a newer version came in, or this one was read
            raise ValidationError(workflow.ERROR_NOT_SUBMITTED, code="not_submitted")
        row.outcome = outcome
        row.review_comment = comment.strip()
        row.reviewed_by = by
        row.reviewed_at = timezone.now()
        row.save(update_fields=["outcome", "review_comment", "reviewed_by", "reviewed_at"])
        notification_queue(
            key=f"report-version:{row.pk}:reviewed",
            to=_region_emails(report.plan.region),
            subject=(
                f"Voortgangsrapportage {report.period.name} geaccepteerd"
                if accepted
                else f"Aanvulling gevraagd op de voortgangsrapportage {report.period.name}"
            ),
            body=(
                "Het ondersteuningsteam heeft uw voortgangsrapportage geaccepteerd."
                if accepted
                else "Het ondersteuningsteam vraagt u de voortgangsrapportage aan te vullen."
            )
            + (f"\n\nOpmerkingen: {comment.strip()}" if comment.strip() else "")
            + "\n\nU vindt de rapportage in het portaal Perspectief op Werk.",
        )
        return row

    target = ReportStatus.GEACCEPTEERD if accepted else ReportStatus.AANVULLING_GEVRAAGD
    return workflow.report_transition(report=version.report, target=target, by=by, note=comment.strip(), within=record)


# ---- national meetings, conversations ------------------------------------------------------------------------


def attendance_record(
    *, meeting: NationalMeeting, region: Arbeidsmarktregio, status: str, attendees: str, by: User
) -> Attendance:
    """Record (or correct) a region's attendance at a national meeting."""
    permissions.check_record_keeper(by)
    if status not in AttendanceStatus.values:
        raise ValidationError(ERROR_STATUS, code="status")
    with transaction.atomic():
        attendance, created = Attendance.objects.select_for_update().get_or_create(
            meeting=meeting,
            region=region,
            defaults={"status": status, "attendees": attendees.strip(), "recorded_by": by},
        )
        if not created:
            old = attendance.status
            attendance.status = status
            attendance.attendees = attendees.strip()
            attendance.recorded_by = by
            attendance.recorded_at = timezone.now()
            attendance.save()
        else:
            old = None
        audit_log(actor=by, action="attendance.record", obj=attendance, data={"old": old, "new": status})
    return attendance


def conversation_record(
    *,
    region: Arbeidsmarktregio,
    held_on: datetime.date,
    participants: str,
    agreements: str,
    follow_ups: list[tuple[str, datetime.date]],
    by: User,
) -> Conversation:
    """The support team's notes of a conversation with a region; the region sees them and gets a mail."""
    permissions.check_record_keeper(by)
    if not held_on or not participants.strip() or not agreements.strip():
        raise ValidationError(ERROR_CONVERSATION, code="conversation")
    with transaction.atomic():
        conversation = Conversation.objects.create(
            round=ProgrammeRound.objects.current(),
            region=region,
            held_on=held_on,
            participants=participants.strip(),
            agreements=agreements.strip(),
            recorded_by=by,
        )
        FollowUp.objects.bulk_create(
            [FollowUp(conversation=conversation, description=d.strip(), due_on=due) for d, due in follow_ups if d]
        )
        audit_log(actor=by, action="conversation.record", obj=conversation, data={"follow_ups": len(follow_ups)})
        notification_queue(
            key=f"conversation:{conversation.pk}",
            to=_region_emails(region),
            subject=f"Verslag van het gesprek van {held_on:%d-%m-%Y} met het ondersteuningsteam",
            body="Het ondersteuningsteam heeft de afspraken van uw gesprek vastgelegd.\n\n"
            f"Afspraken: {agreements.strip()}\n\nU vindt het verslag in het portaal Perspectief op Werk.",
        )
    return conversation


def follow_up_complete(*, follow_up: FollowUp, by: User) -> FollowUp:
    """The support team marks an agreed follow-up as done (once; later calls change nothing)."""
    permissions.check_record_keeper(by)
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.done_on is None:
            follow_up.done_on = clock.today()
            follow_up.save(update_fields=["done_on"])
            audit_log(actor=by, action="follow_up.complete", obj=follow_up)
    return follow_up


# ---- advice and evaluation -------------------------------------------------------------------------------------


def progress_advice_record(
    *, plan: Plan, good_progress: bool, reasons: str, by: User, meeting: StuurgroepMeeting | None = None
) -> ProgressAdvice:
    """The stuurgroep's advice on a region's progress (its November meeting); once per plan."""
    permissions.check_adviser(by)
    if not reasons.strip():
        raise ValidationError(ERROR_REASONS, code="reasons")
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)
        if ProgressAdvice.objects.filter(plan=plan).exists():
            raise ValidationError(ERROR_ADVICE_EXISTS, code="exists")
        advice = ProgressAdvice.objects.create(
            plan=plan, meeting=meeting, good_progress=good_progress, reasons=reasons.strip(), recorded_by=by
        )
        audit_log(actor=by, action="progress_advice.record", obj=advice, data={"good_progress": good_progress})
    return advice


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def _check_evaluated_on(plan: Plan, advice: ProgressAdvice | None, evaluated_on: datetime.date):
    """The evaluation date is checked like the decision's: not in the future, not before the stuurgroep's advice
    it starts from, and within the evaluation period: after the first period the region reports on (from the
    approval when the round has none) and before the plan's term ends."""
    from .selectors import periods_for_plan

    if evaluated_on > clock.today():
        raise ValidationError(ERROR_EVALUATED_FUTURE, code="future")
    if advice is not None:
        advised_on = advice.meeting.date if advice.meeting else timezone.localtime(advice.recorded_at).date()
        if evaluated_on < advised_on:
            raise ValidationError(ERROR_EVALUATED_BEFORE_ADVICE % {"day": _day(advised_on)}, code="before_advice")
    decision = Decision.objects.filter(plan=plan, kind=DecisionKind.GOEDKEURING).first()
    if decision is None:
        raise ValidationError(ERROR_NOT_APPROVED, code="not_approved")
    owed = periods_for_plan(plan, decision)
    starts = owed[0].counts_until + datetime.timedelta(days=1) if owed else decision.decided_on
    starts = max(starts, decision.decided_on)
    if evaluated_on < starts:
        logger.info("evaluation of plan %s refused: %s before the evaluation period", plan.pk, evaluated_on)
        raise ValidationError(ERROR_EVALUATED_BEFORE_PERIOD % {"day": _day(starts)}, code="before_period")
    if decision.term_ends_on and evaluated_on > decision.term_ends_on:
        raise ValidationError(ERROR_EVALUATED_AFTER_TERM % {"day": _day(decision.term_ends_on)}, code="after_term")


def evaluation_record(
    *, plan: Plan, good_progress: bool, reasons: str, evaluated_on: datetime.date, by: User
) -> Evaluation:
    """The ministry's evaluation, once per plan. Good progress and enough attendance schedule the 2020
    tranche in this very transaction (budget-capped, once); otherwise the region gets a letter saying why.

    A budget refusal raises ValidationError and leaves nothing recorded.
    """
    from .selectors import attendance_for_region

    permissions.check_evaluator(by)
    if not reasons.strip():
        raise ValidationError(ERROR_REASONS, code="reasons")
    with transaction.atomic():
        locked = Plan.objects.select_for_update(of=("self",)).select_related("region", "round").get(pk=plan.pk)
        if locked.status != PlanStatus.GOEDGEKEURD:
            raise ValidationError(ERROR_NOT_APPROVED, code="not_approved")
        if Evaluation.objects.filter(plan=locked).exists():
            raise ValidationError(ERROR_ALREADY_EVALUATED, code="already_evaluated")
        advice = ProgressAdvice.objects.filter(plan=locked).select_related("meeting").first()
        _check_evaluated_on(locked, advice, evaluated_on)
        # The stored reasons go into the letter and the records: Dutch, whatever the user's language.
        with translation.override("nl"):
            attendance = attendance_for_region(locked.region, on=evaluated_on, round_=locked.round)
            granted = good_progress and attendance["ok"]
            full_reasons = reasons.strip()
            if good_progress and not attendance["ok"]:
                full_reasons += (
                    "\n\n"
                    + str(_("Niet voldaan aan de voorwaarde van deelname aan de landelijke bijeenkomsten:"))
                    + " "
                    + " ".join(attendance["reasons"])
                )
        payment = None
        if granted:
            payment = payment_schedule_second_tranche(
                plan=locked,
                evaluated_on=evaluated_on,
                by=by,
                basis=f"Goede voortgang vastgesteld op {evaluated_on:%d-%m-%Y}",
            )
            if Evaluation.objects.filter(payment=payment).exists():  # pragma: no cover - guarded by the plan lock
                raise ValidationError(ERROR_ALREADY_EVALUATED, code="already_evaluated")
        evaluation = Evaluation.objects.create(
            plan=locked,
            evaluated_on=evaluated_on,
            good_progress=good_progress,
            attendance_ok=attendance["ok"],
            outcome=EvaluationOutcome.TOEGEKEND if granted else EvaluationOutcome.NIET_TOEGEKEND,
            reasons=full_reasons,
            followed_advice=None if advice is None else advice.good_progress == good_progress,
            payment=payment,
            decided_by=by,
        )
        audit_log(
            actor=by,
            action="evaluation.record",
            obj=evaluation,
            data={
                "outcome": evaluation.outcome,
                "attendance_ok": attendance["ok"],
                "payment": payment.pk if payment else None,
            },
        )
        job_add(
            kind="monitoring.evaluation_letter",
            key=f"evaluation:{evaluation.pk}:letter",
            payload={"evaluation_id": evaluation.pk},
        )
        circulaire = payment.circulaire.name if payment and payment.circulaire else ""
        notification_queue(
            key=f"evaluation:{evaluation.pk}",
            to=_region_emails(locked.region),
            subject=f"Evaluatie van de voortgang: {locked.region.name}",
            body=(
                "Het ministerie heeft goede voortgang vastgesteld. De tweede tranche van "
                f"{format_euro(payment.amount)} wordt betaald via de "
                f"{circulaire or 'eerstvolgende circulaire'}."
                if granted
                else "Het ministerie heeft de voortgang geëvalueerd; de tweede tranche wordt niet toegekend.\n\n"
                f"Reden: {full_reasons}"
            )
            + "\n\nDe brief staat in het portaal Perspectief op Werk.",
        )
        if payment is not None:
            notification_queue(
                key=f"payment:{payment.pk}:reserved",
                to=active_emails(role=Role.MINISTERIE),
                subject=f"Tranche 2020 gereserveerd: {locked.region.name}",
                body=f"Op grond van de evaluatie is de tranche 2020 voor {locked.region.centrumgemeente} "
                f"geplaatst op {circulaire or 'de lijst zonder circulaire'}.",
            )
    return evaluation
