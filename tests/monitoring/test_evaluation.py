"""The evaluation rule: good progress and attendance release the 2020 tranche, once, within budget."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring import services
from monitoring.constants import EvaluationOutcome
from monitoring.models import Evaluation, NationalMeeting
from pow_portal.models import AuditEvent, Notification, ProgrammeRound
from review.models import Payment, StuurgroepMeeting

from .conftest import approved_plan, attend_all

pytestmark = pytest.mark.django_db
FEB = datetime.date(2020, 2, 14)


def test_good_progress_with_attendance_schedules_the_2020_tranche_in_a_2020_circulaire(
    plan, people, django_capture_on_commit_callbacks
):
    attend_all(plan.region, people["ot"])
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = services.evaluation_record(plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=FEB,
                                                by=people["szw"])  # fmt: skip
    assert evaluation.outcome == EvaluationOutcome.TOEGEKEND
    assert evaluation.attendance_ok is True
    payment = evaluation.payment
    assert payment.tranche == 2020
    assert payment.amount == Decimal("1000000.00")
    assert payment.circulaire.name == "Meicirculaire 2020"
    assert payment.centrumgemeente == "Helmond"
    assert AuditEvent.objects.filter(action="evaluation.record", object_id=str(evaluation.pk)).exists()
    assert AuditEvent.objects.filter(action="payment.bevestigd").exists()
    assert Notification.objects.filter(key=f"evaluation:{evaluation.pk}", to=["m-regio@example.nl"]).exists()
    evaluation.refresh_from_db()
    assert evaluation.letter  # rendered by the (eager) worker on commit


def test_good_progress_without_attendance_pays_nothing_and_says_why(plan, people):
    meetings = list(NationalMeeting.objects.filter(counts_for_attendance=True))
    services.attendance_record(
        meeting=meetings[0], region=plan.region, status="aanwezig", attendees="", by=people["ot"]
    )
    services.attendance_record(meeting=meetings[1], region=plan.region, status="afwezig", attendees="", by=people["ot"])
    evaluation = services.evaluation_record(plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=FEB,
                                            by=people["szw"])  # fmt: skip
    assert evaluation.outcome == EvaluationOutcome.NIET_TOEGEKEND
    assert evaluation.attendance_ok is False
    assert evaluation.payment is None
    assert "Afwezig zonder afmelding bij 2de landelijke bijeenkomst PoW" in evaluation.reasons
    assert "Geen deelname vastgelegd voor 3de landelijke bijeenkomst PoW" in evaluation.reasons
    assert not Payment.objects.filter(tranche=2020).exists()
    mail = Notification.objects.get(key=f"evaluation:{evaluation.pk}")
    assert "niet toegekend" in mail.body and "Afwezig zonder afmelding" in mail.body


def test_excused_counts_but_half_must_be_present(plan, people):
    meetings = list(NationalMeeting.objects.filter(counts_for_attendance=True))
    for meeting, status in zip(meetings, ["aanwezig", "afgemeld", "afgemeld"], strict=True):
        services.attendance_record(meeting=meeting, region=plan.region, status=status, attendees="", by=people["ot"])
    evaluation = services.evaluation_record(plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=FEB,
                                            by=people["szw"])  # fmt: skip
    assert evaluation.attendance_ok is False
    assert "Aanwezig bij 1 van de 3" in evaluation.reasons


def test_no_good_progress_pays_nothing_even_with_attendance(plan, people, django_capture_on_commit_callbacks):
    attend_all(plan.region, people["ot"])
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = services.evaluation_record(plan=plan, good_progress=False, reasons="Geen matches gerapporteerd.",
                                                evaluated_on=FEB, by=people["szw"])  # fmt: skip
    assert evaluation.outcome == EvaluationOutcome.NIET_TOEGEKEND
    assert evaluation.payment is None
    evaluation.refresh_from_db()
    assert evaluation.letter


def test_exactly_once(plan, people):
    attend_all(plan.region, people["ot"])
    services.evaluation_record(plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=FEB, by=people["szw"])
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(plan=plan, good_progress=True, reasons="Nog eens.", evaluated_on=FEB,
                                   by=people["szw"])  # fmt: skip
    assert error.value.code == "already_evaluated"
    assert error.value.messages == [str(services.ERROR_ALREADY_EVALUATED)]
    assert Evaluation.objects.count() == 1
    assert Payment.objects.filter(tranche=2020).count() == 1


def test_budget_cap_refuses_and_records_nothing(plan, people):
    round_ = ProgrammeRound.objects.current()
    round_.yearly_budget = Decimal("1000000.00")
    round_.save()
    other = approved_plan("Holland Rijnland", people["szw"])
    for p in (plan, other):
        attend_all(p.region, people["ot"])
    services.evaluation_record(plan=other, good_progress=True, reasons="Op koers.", evaluated_on=FEB, by=people["szw"])
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=FEB,
                                   by=people["szw"])  # fmt: skip
    assert error.value.code == "budget"
    assert not Evaluation.objects.filter(plan=plan).exists()
    assert Payment.objects.filter(tranche=2020).count() == 1


def test_only_the_ministry_evaluates_and_reasons_are_required(plan, people):
    with pytest.raises(PermissionDenied):
        services.evaluation_record(plan=plan, good_progress=True, reasons="x", evaluated_on=FEB, by=people["ot"])
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(plan=plan, good_progress=True, reasons="  ", evaluated_on=FEB, by=people["szw"])
    assert error.value.code == "reasons"
    assert not Evaluation.objects.exists()


def test_the_stuurgroep_advice_is_followed_or_not(plan, people):
    attend_all(plan.region, people["ot"])
    meeting = StuurgroepMeeting.objects.create(date=datetime.date(2019, 11, 20), title="Bestuurlijk overleg")
    services.progress_advice_record(
        plan=plan, good_progress=False, reasons="Te weinig matches.", meeting=meeting, by=people["sg"]
    )
    evaluation = services.evaluation_record(plan=plan, good_progress=True, reasons="Toch op koers.",
                                            evaluated_on=FEB, by=people["szw"])  # fmt: skip
    assert evaluation.followed_advice is False
