"""The money route on the real 2019 calendar (seed 002, "Planning"; SPEC.md route step 6).

Early deadline 15 April, closing date 15 July; the septembercirculaire's BZK deadline is the first week of
July (5 July), the decembercirculaire's 15 September. Real cases: Helmond-De Peel (submitted 9 July) and
Noord-Limburg (submitted end of June) had approval letters in October 2019 and were paid "bij
decembercirculaire" 2019 (seed 004).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from plans.workflow import plan_transition
from pow_portal.models import Arbeidsmarktregio, AuditEvent, ProgrammeRound
from review import payments
from review.constants import PaymentKind, PaymentStatus
from review.models import Advice, Circulaire, Decision, Payment, PaymentCorrection, StuurgroepMeeting
from tests.conftest import on

pytestmark = pytest.mark.django_db
D = datetime.date
SEPTEMBER, DECEMBER = "Septembercirculaire 2019", "Decembercirculaire 2019"


@pytest.fixture
def people(make_user):
    return {
        "sg": make_user(username="sg-cal", stuurgroep=True),
        "szw": make_user(username="szw-cal", ministerie=True),
        "helmond": make_user(username="regio-cal", regio=True),
    }


def advise(people, calendar, region_name, *, submitted, advised, kind="positief"):
    """A plan of ``region_name`` first submitted on ``submitted`` and advised on ``advised`` (reserving)."""
    calendar.move_to(on(advised))
    region = Arbeidsmarktregio.objects.get(name=region_name)
    plan = Plan.objects.create(region=region, round=ProgrammeRound.objects.current(), status=PlanStatus.GEADVISEERD)
    version = PlanVersion.objects.create(plan=plan, number=1, content={"files": {}}, submitted_by=people["sg"],
                                         submitted_at=on(submitted))  # fmt: skip
    meeting, _ = StuurgroepMeeting.objects.get_or_create(date=advised)
    advice = Advice.objects.create(version=version, meeting=meeting, kind=kind, advised_on=advised, reasons="Goed",
                                   recorded_by=people["sg"])  # fmt: skip
    payments.payment_reserve(advice=advice, by=people["sg"])
    return plan


def decide(people, calendar, plan, day, kind="goedkeuring"):
    calendar.move_to(on(day))
    decision = Decision.objects.create(plan=plan, version=plan.versions.get(), kind=kind, decided_on=day,
                                       reference=f"2019-{plan.region.code}", decided_by=people["szw"])  # fmt: skip
    if kind == "goedkeuring":
        return payments.payment_confirm(decision=decision)
    payments.payment_release(plan=plan, by=people["szw"], reason="Afgewezen")
    return None


def lock(people, calendar, name, day):
    calendar.move_to(on(day))
    payments.circulaire_lock(circulaire=Circulaire.objects.get(name=name), by=people["szw"])


def where(plan):
    payment = Payment.objects.get(region=plan.region, kind=PaymentKind.UITKERING)
    return (payment.circulaire.name if payment.circulaire else None), payment.status


@pytest.mark.parametrize(
    ("submitted", "advised", "locked_before_decision", "decided", "expected"),
    [
        # Early window (by 15 April): advised in May for September, whatever the letter's date.
        (D(2019, 4, 1), D(2019, 5, 23), None, D(2019, 6, 3), SEPTEMBER),
        (D(2019, 4, 15), D(2019, 7, 5), None, D(2019, 7, 5), SEPTEMBER),  # advice on the BZK deadline
        (D(2019, 4, 1), D(2019, 5, 23), SEPTEMBER, D(2019, 10, 8), SEPTEMBER),  # letter after the deadline
        (D(2019, 4, 1), D(2019, 7, 8), None, D(2019, 7, 20), DECEMBER),  # advised after the September deadline
        # Closing window (by 15 July): advised in August for December.
        (D(2019, 4, 16), D(2019, 5, 23), None, D(2019, 6, 3), DECEMBER),  # one day late for September
        (D(2019, 7, 15), D(2019, 8, 29), DECEMBER, D(2019, 10, 8), DECEMBER),
        (D(2019, 7, 10), D(2019, 9, 15), None, D(2019, 9, 20), DECEMBER),  # advice on the BZK deadline
        (D(2019, 7, 10), D(2019, 9, 16), None, D(2019, 9, 20), None),  # after it: no 2019 list left, it waits
        # After the closing date (an extension): the next open circulaire after the advice.
        (D(2019, 7, 20), D(2019, 8, 29), None, D(2019, 9, 2), DECEMBER),
    ],
)
def test_window_advice_and_decision_dates(people, calendar, submitted, advised, locked_before_decision, decided,
                                          expected):  # fmt: skip
    plan = advise(people, calendar, "Helmond-De Peel", submitted=submitted, advised=advised)
    assert where(plan) == (expected, PaymentStatus.GERESERVEERD)
    if locked_before_decision:
        lock(people, calendar, locked_before_decision, max(advised, D(2019, 7, 5)))
    payment = decide(people, calendar, plan, decided)
    assert where(plan) == (expected, PaymentStatus.BEVESTIGD)
    assert payment.decision.decided_on == decided
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("region", "submitted"), [("Helmond-De Peel", D(2019, 7, 9)), ("Noord-Limburg", D(2019, 6, 28))]
)
def test_the_real_2019_cases_are_paid_in_the_decembercirculaire(people, calendar, region, submitted):
    """Advised at the stuurgroep of late August, reported to BZK by 15 September, letter in October."""
    plan = advise(people, calendar, region, submitted=submitted, advised=D(2019, 8, 29))
    lock(people, calendar, DECEMBER, D(2019, 9, 15))
    decide(people, calendar, plan, D(2019, 10, 8))
    assert where(plan) == (DECEMBER, PaymentStatus.BEVESTIGD)
    assert Payment.objects.get().reason.startswith("Venster Decembercirculaire 2019")


def test_a_list_locked_before_the_advice_sends_the_reservation_to_the_next(people, calendar):
    lock(people, calendar, SEPTEMBER, D(2019, 7, 1))
    plan = advise(people, calendar, "Helmond-De Peel", submitted=D(2019, 4, 1), advised=D(2019, 7, 2))
    assert where(plan) == (DECEMBER, PaymentStatus.GERESERVEERD)


def test_a_negative_advice_reserves_nothing(people, calendar):
    advise(people, calendar, "Helmond-De Peel", submitted=D(2019, 4, 1), advised=D(2019, 5, 23), kind="negatief")
    assert not Payment.objects.exists()


def test_positive_with_conditions_reserves(people, calendar):
    plan = advise(people, calendar, "Helmond-De Peel", submitted=D(2019, 4, 1), advised=D(2019, 5, 23),
                  kind="positief_met_voorwaarden")  # fmt: skip
    assert where(plan) == (SEPTEMBER, PaymentStatus.GERESERVEERD)


def test_an_approval_without_reservation_goes_by_the_decision_date(people, calendar):
    plan = advise(people, calendar, "Helmond-De Peel", submitted=D(2019, 4, 1), advised=D(2019, 5, 23))
    payments.payment_cancel(payment=Payment.objects.get(), reason="Reservering ingetrokken", by=people["szw"])
    payment = decide(people, calendar, plan, D(2019, 7, 20))
    assert (payment.circulaire.name, payment.status) == (DECEMBER, PaymentStatus.BEVESTIGD)


def test_a_rejection_before_the_list_is_reported_releases_the_reservation(people, calendar):
    plan = advise(people, calendar, "Helmond-De Peel", submitted=D(2019, 4, 1), advised=D(2019, 5, 23))
    decide(people, calendar, plan, D(2019, 6, 3), kind="afwijzing")
    assert where(plan) == (SEPTEMBER, PaymentStatus.VRIJGEGEVEN)
    assert payments.budget_used(plan.round, 2019) == 0
    assert PaymentCorrection.objects.get().kind == "vrijgegeven"


def test_a_rejection_after_the_list_is_reported_is_corrected_in_the_next_circulaire(people, calendar):
    plan = advise(people, calendar, "Helmond-De Peel", submitted=D(2019, 4, 1), advised=D(2019, 5, 23))
    lock(people, calendar, SEPTEMBER, D(2019, 7, 5))
    decide(people, calendar, plan, D(2019, 7, 10), kind="afwijzing")
    original = Payment.objects.get(kind=PaymentKind.UITKERING)
    correction = Payment.objects.get(kind=PaymentKind.VERREKENING)
    assert (original.circulaire.name, original.status) == (SEPTEMBER, PaymentStatus.VERREKEND)
    assert (correction.circulaire.name, correction.amount, correction.corrects) == (
        DECEMBER,
        Decimal("-1000000.00"),
        original,
    )
    assert payments.budget_used(plan.round, 2019) == 0
    assert AuditEvent.objects.filter(action="payment.verrekend", object_id=str(original.pk)).exists()


def test_a_withdrawal_after_a_positive_advice_releases_through_the_workflow(people, calendar):
    plan = advise(people, calendar, "Helmond-De Peel", submitted=D(2019, 4, 1), advised=D(2019, 5, 23))
    regio = people["helmond"]
    plan_transition(plan=plan, target=PlanStatus.INGETROKKEN, by=regio, note="Nieuwe coalitie")
    assert where(plan) == (SEPTEMBER, PaymentStatus.VRIJGEGEVEN)
    assert "Nieuwe coalitie" in PaymentCorrection.objects.get().reason


def test_the_budget_counts_reservations(people, calendar):
    round_ = ProgrammeRound.objects.current()
    round_.yearly_budget = Decimal("1500000.00")
    round_.save()
    first = advise(people, calendar, "Helmond-De Peel", submitted=D(2019, 4, 1), advised=D(2019, 5, 23))
    with pytest.raises(ValidationError) as error:
        advise(people, calendar, "Noord-Limburg", submitted=D(2019, 4, 1), advised=D(2019, 5, 23))
    assert error.value.code == "budget"
    assert payments.budget_used(round_, 2019) == Decimal("1000000.00")
    decide(people, calendar, first, D(2019, 6, 3))
    assert where(first) == (SEPTEMBER, PaymentStatus.BEVESTIGD)
    assert Payment.objects.count() == 1


def test_reserving_and_confirming_twice_changes_nothing(people, calendar):
    plan = advise(people, calendar, "Helmond-De Peel", submitted=D(2019, 4, 1), advised=D(2019, 5, 23))
    advice = Advice.objects.get()
    assert payments.payment_reserve(advice=advice, by=people["sg"]) == Payment.objects.get()
    first = decide(people, calendar, plan, D(2019, 6, 3))
    assert payments.payment_confirm(decision=first.decision) == first
    assert Payment.objects.count() == 1
