"""Writes of the monitoring app: progress reports, attendance, conversations, advice and the evaluation.

Every write is atomic, checks the role, writes an audit row and queues its mails in the outbox
(sent after commit). The evaluation schedules the 2020 tranche through the money route's rule
(``review.payments.payment_schedule_second_tranche``) inside its own transaction: exactly once, within
budget, or not at all.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.constants import PlanStatus
from plans.models import Plan
from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound, User
from pow_portal.money import format_euro
from pow_portal.outbox import outbox_add
from pow_portal.permissions import has_role
from pow_portal.selectors import active_emails
from pow_portal.services import audit_log, notification_queue
from review.models import StuurgroepMeeting
from review.payments import payment_schedule_second_tranche

from . import rules
from .constants import (
    REPORT_EDITABLE_STATES,
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

ERROR_ROLE = _("Uw rol mag dit niet.")
ERROR_NOT_YOUR_REGION = _("U kunt alleen de rapportage van uw eigen regio wijzigen.")
ERROR_NOT_APPROVED = _("Alleen een regio met een goedgekeurd plan rapporteert over de voortgang.")
ERROR_REPORT_NOT_EDITABLE = _("Deze rapportage is ingediend en kan nu niet worden gewijzigd.")
ERROR_REPORT_INCOMPLETE = _("De rapportage is nog niet compleet: %(missing)s.")
ERROR_NOT_SUBMITTED = _("Alleen een ingediende rapportage kan worden beoordeeld.")
ERROR_COMMENT_REQUIRED = _("Schrijf wat de regio moet aanvullen.")
ERROR_OUTCOME = _("Kies accepteren of aanvulling vragen.")
ERROR_STATUS = _("Kies aanwezig, afgemeld of afwezig.")
ERROR_CONVERSATION = _("Vul de datum, met wie is gesproken en de afspraken in.")
ERROR_REASONS = _("Geef de motivering.")
ERROR_ALREADY_EVALUATED = _("De voortgang van deze regio is al geëvalueerd.")
ERROR_ADVICE_EXISTS = _("Het advies over de voortgang van deze regio is al vastgelegd.")


class ReportConflict(Exception):
    """Someone saved the report after the version the user started from."""

    def __init__(self, current: ProgressReport):
        super().__init__("report version conflict")
        self.current = current


def _require(user: User, *roles):
    if not has_role(user, *roles):
        logger.info("refused: %s (%s) needs one of %s", user.pk, user.role, roles)
        raise PermissionDenied(ERROR_ROLE)


def _region_emails(region) -> list[str]:
    return active_emails(role=Role.REGIO, region=region)


# ---- progress reports ------------------------------------------------------------------------------------


def report_get_or_create(*, plan: Plan, period: MonitoringPeriod, by: User) -> ProgressReport:
    """The region's report for a period; only an approved plan's own region starts one."""
    if not has_role(by, Role.REGIO) or by.region_id != plan.region_id:
        raise PermissionDenied(ERROR_NOT_YOUR_REGION)
    if plan.status != PlanStatus.GOEDGEKEURD:
        raise ValidationError(ERROR_NOT_APPROVED, code="not_approved")
    report, _created = ProgressReport.objects.get_or_create(plan=plan, period=period)
    return report


def _check_can_edit(report: ProgressReport, by: User):
    if not has_role(by, Role.REGIO) or by.region_id != report.plan.region_id:
        raise PermissionDenied(ERROR_NOT_YOUR_REGION)
    if report.status not in REPORT_EDITABLE_STATES:
        raise ValidationError(ERROR_REPORT_NOT_EDITABLE, code="not_editable")


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
    """Freeze the report into a version; the PDF is rendered by a worker after commit."""
    with transaction.atomic():
        row = (
            ProgressReport.objects.select_for_update(of=("self",))
            .select_related("plan__region", "period")
            .get(pk=report.pk)
        )
        _check_can_edit(row, by)
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
        row.status = ReportStatus.INGEDIEND
        row.save(update_fields=["status", "updated_at"])
        audit_log(actor=by, action="report.submit", obj=row, data={"version": number, "on_time": version.on_time})
        outbox_add(
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


def report_review(*, version: ProgressReportVersion, outcome: str, comment: str, by: User) -> ProgressReportVersion:
    """The support team accepts the latest submitted version or asks for more, with comments."""
    _require(by, Role.ONDERSTEUNINGSTEAM)
    if outcome not in ReviewOutcome.values:
        raise ValidationError(ERROR_OUTCOME, code="outcome")
    if outcome == ReviewOutcome.AANVULLING_GEVRAAGD and not comment.strip():
        raise ValidationError(ERROR_COMMENT_REQUIRED, code="comment")
    with transaction.atomic():
        report = (
            ProgressReport.objects.select_for_update(of=("self",))
            .select_related("plan__region", "period")
            .get(pk=version.report_id)
        )
        version = ProgressReportVersion.objects.get(pk=version.pk)
        latest = report.versions.order_by("-number").first()
        if report.status != ReportStatus.INGEDIEND or latest.pk != version.pk or version.outcome:
            raise ValidationError(ERROR_NOT_SUBMITTED, code="not_submitted")
        version.outcome = outcome
        version.review_comment = comment.strip()
        version.reviewed_by = by
        version.reviewed_at = timezone.now()
        version.save(update_fields=["outcome", "review_comment", "reviewed_by", "reviewed_at"])
        report.status = (
            ReportStatus.GEACCEPTEERD if outcome == ReviewOutcome.GEACCEPTEERD else ReportStatus.AANVULLING_GEVRAAGD
        )
        report.save(update_fields=["status", "updated_at"])
        audit_log(actor=by, action="report.review", obj=report, data={"version": version.number, "outcome": outcome})
        accepted = outcome == ReviewOutcome.GEACCEPTEERD
        notification_queue(
            key=f"report-version:{version.pk}:reviewed",
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
    return version


# ---- national meetings, conversations ------------------------------------------------------------------------


def attendance_record(
    *, meeting: NationalMeeting, region: Arbeidsmarktregio, status: str, attendees: str, by: User
) -> Attendance:
    """Record (or correct) a region's attendance at a national meeting."""
    _require(by, Role.ONDERSTEUNINGSTEAM)
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
    _require(by, Role.ONDERSTEUNINGSTEAM)
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
    _require(by, Role.ONDERSTEUNINGSTEAM)
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
    _require(by, Role.STUURGROEP)
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


def evaluation_record(
    *, plan: Plan, good_progress: bool, reasons: str, evaluated_on: datetime.date, by: User
) -> Evaluation:
    """The ministry's evaluation, once per plan. Good progress and enough attendance schedule the 2020
    tranche in this very transaction (budget-capped, once); otherwise the region gets a letter saying why.

    A budget refusal raises ValidationError and leaves nothing recorded.
    """
    from .selectors import attendance_for_region

    _require(by, Role.MINISTERIE)
    if not reasons.strip():
        raise ValidationError(ERROR_REASONS, code="reasons")
    with transaction.atomic():
        locked = Plan.objects.select_for_update(of=("self",)).select_related("region", "round").get(pk=plan.pk)
        if locked.status != PlanStatus.GOEDGEKEURD:
            raise ValidationError(ERROR_NOT_APPROVED, code="not_approved")
        if Evaluation.objects.filter(plan=locked).exists():
            raise ValidationError(ERROR_ALREADY_EVALUATED, code="already_evaluated")
        attendance = attendance_for_region(locked.region, on=evaluated_on)
        granted = good_progress and attendance["ok"]
        advice = ProgressAdvice.objects.filter(plan=locked).first()
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
        outbox_add(
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
                f"{format_euro(locked.round.amount_per_tranche)} wordt betaald via de "
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
