"""Money reconciles: each tranche on a circulaire of its own year, the evaluation date checked, attendance read
from the plan's round, stored reasons in Dutch, letters from the payment, double submits harmless."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import translation

from monitoring import services
from monitoring.constants import EvaluationOutcome
from monitoring.models import NationalMeeting
from plans.models import PlanVersion
from pow_portal.models import ProgrammeRound
from review import letters, payments
from review import services as review_services
from review.constants import PaymentStatus
from review.models import Circulaire, Decision, Payment, StuurgroepMeeting

from .conftest import approved_plan, attend_all

pytestmark = pytest.mark.django_db
D = datetime.date
FEB = D(2020, 2, 14)


def test_an_evaluation_dated_in_2019_is_refused_and_changes_nothing(plan, people):
    attend_all(plan.region, people["ot"])
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(
            plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=D(2019, 8, 1), by=people["szw"]
        )
    assert error.value.code == "before_period"
    assert "De evaluatie kan niet vóór" in error.value.messages[0]
    assert not Payment.objects.filter(tranche=2020).exists()
    # Also after the approval but before the first reporting period is over.
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(
            plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=D(2019, 12, 1), by=people["szw"]
        )
    assert error.value.code == "before_period"


def test_the_evaluation_date_is_not_in_the_future_nor_after_the_term_nor_before_the_advice(plan, people, monkeypatch):
    monkeypatch.setattr("pow_portal.clock.today", lambda: D(2020, 3, 1))
    for day, code in [(D(2020, 3, 2), "future")]:
        with pytest.raises(ValidationError) as error:
            services.evaluation_record(plan=plan, good_progress=True, reasons="x", evaluated_on=day, by=people["szw"])
        assert error.value.code == code
    meeting = StuurgroepMeeting.objects.create(date=D(2020, 2, 20), title="Bestuurlijk overleg")
    services.progress_advice_record(plan=plan, good_progress=True, reasons="Goed.", meeting=meeting, by=people["sg"])
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(plan=plan, good_progress=True, reasons="x", evaluated_on=FEB, by=people["szw"])
    assert error.value.code == "before_advice" and "20 februari 2020" in error.value.messages[0]
    Decision.objects.filter(plan=plan).update(term_ends_on=D(2021, 10, 1))
    monkeypatch.setattr("pow_portal.clock.today", lambda: D(2022, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(
            plan=plan, good_progress=True, reasons="x", evaluated_on=D(2021, 12, 1), by=people["szw"]
        )
    assert error.value.code == "after_term"


def test_the_evaluation_form_shows_the_refusal_in_dutch(client, plan, people):
    client.force_login(people["szw"])
    url = reverse("monitoring:evaluation", args=[plan.pk])
    response = client.post(url, {"good_progress": "ja", "evaluated_on": "2019-08-01", "reasons": "Op koers."})
    assert response.status_code == 422
    assert "De evaluatie kan niet vóór 1 januari 2020 liggen" in response.content.decode()


def test_the_second_tranche_never_lands_on_a_circulaire_of_the_first_year(plan, people):
    attend_all(plan.region, people["ot"])
    Circulaire.objects.filter(year=2020).delete()  # only 2019 lists are open
    evaluation = services.evaluation_record(
        plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=FEB, by=people["szw"]
    )
    payment = evaluation.payment
    assert (payment.tranche, payment.circulaire) == (2020, None)  # it waits, visibly, for the ministry
    assert "nog geen open circulaire van 2020" in payment.reason
    december = Circulaire.objects.get(name="Decembercirculaire 2019")
    with pytest.raises(ValidationError) as error:
        payments.payment_move(payment=payment, to=december, reason="Snel", by=people["szw"])
    assert error.value.code == "year"


def test_attendance_is_read_from_the_plans_round_not_the_current_one(plan, people):
    attend_all(plan.region, people["ot"])
    history = plan.round
    history.is_current = False
    history.save()
    later = ProgrammeRound.objects.create(
        name="2021-2022",
        starts_on=D(2021, 1, 1),
        early_deadline=D(2021, 4, 15),
        submission_deadline=D(2021, 7, 15),
        is_current=True,
    )
    NationalMeeting.objects.create(
        round=later, title="Bijeenkomst 2021", date=D(2020, 1, 10), kind="landelijk", counts_for_attendance=True
    )
    evaluation = services.evaluation_record(
        plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=FEB, by=people["szw"]
    )
    assert evaluation.attendance_ok is True and evaluation.outcome == EvaluationOutcome.TOEGEKEND


def test_stored_reasons_are_dutch_for_an_english_speaking_user(plan, people, make_user):
    meetings = list(NationalMeeting.objects.filter(counts_for_attendance=True))
    services.attendance_record(
        meeting=meetings[0], region=plan.region, status="aanwezig", attendees="", by=people["ot"]
    )
    other = approved_plan("Holland Rijnland", people["szw"], decided_on=D(2019, 6, 3))
    attend_all(other.region, people["ot"])
    with translation.override("en"):
        refused = services.evaluation_record(
            plan=plan, good_progress=True, reasons="On track.", evaluated_on=FEB, by=people["szw"]
        )
        granted = services.evaluation_record(
            plan=other, good_progress=True, reasons="On track.", evaluated_on=FEB, by=people["szw"]
        )
        first = payments.payment_confirm(decision=Decision.objects.get(plan=other))
    assert "Niet voldaan aan de voorwaarde" in refused.reasons and "Geen deelname vastgelegd" in refused.reasons
    assert "No attendance" not in refused.reasons
    assert "Goede voortgang vastgesteld op 14 februari 2020" in granted.payment.reason
    assert first.reason == "Geen reservering; eerstvolgende open circulaire na het besluit van 3 juni 2019."


def test_the_letter_reads_the_amount_of_the_payment_not_the_round(plan, people):
    decision = Decision.objects.select_related("version").get(plan=plan)
    content = {**decision.version.content, "sections": {"ondertekening": {"data": {}}}}
    PlanVersion.objects.filter(pk=decision.version_id).update(content=content)
    decision.version.refresh_from_db()
    payment = payments.payment_confirm(decision=decision)
    assert payment.amount == Decimal("1000000.00")
    ProgrammeRound.objects.filter(pk=plan.round_id).update(amount_per_tranche=Decimal("750000.00"))
    decision.refresh_from_db()
    decision.plan.round.refresh_from_db()
    assert letters.letter_context(decision)["amount"] == "€ 1.000.000,00"


def test_adding_the_same_meeting_twice_is_one_meeting(client, make_user):
    sg = make_user(username="sg-twice", stuurgroep=True)
    client.force_login(sg)
    data = {"date": "2019-11-20", "title": "Stuurgroep november"}
    first = client.post(reverse("review:meetings"), data)
    second = client.post(reverse("review:meetings"), data)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert StuurgroepMeeting.objects.filter(date=D(2019, 11, 20)).count() == 1
    other = client.post(reverse("review:meetings"), {"date": "2019-11-20", "title": "Iets anders"})
    assert other.status_code == 200 and "Er is al een vergadering op deze datum." in other.content.decode()


@pytest.mark.django_db(transaction=True)
def test_cancel_waits_for_the_round_lock_on_postgresql(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's: runs in CI's second pass")
    szw = make_user(username="szw-lock", ministerie=True)
    plan = approved_plan("Helmond-De Peel", szw)
    payment = payments.payment_confirm(decision=Decision.objects.get(plan=plan))
    locked, release, done = threading.Event(), threading.Event(), threading.Event()

    def hold_round():
        try:
            with transaction.atomic():
                ProgrammeRound.objects.select_for_update().get(pk=plan.round_id)
                locked.set()
                release.wait(10)
        finally:
            close_old_connections()

    def cancel():
        try:
            payments.payment_cancel(payment=payment, reason="Dubbel", by=szw)
            done.set()
        finally:
            close_old_connections()

    holder = threading.Thread(target=hold_round)
    holder.start()
    assert locked.wait(10)
    canceller = threading.Thread(target=cancel)
    canceller.start()
    time.sleep(0.5)
    assert not done.is_set()  # the cancel waits for the round, like every other money write
    release.set()
    holder.join(10)
    canceller.join(10)
    assert done.is_set()
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.GEANNULEERD


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_vergadering_toevoegen_at_once_give_one_meeting_on_postgresql(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts are PostgreSQL's: runs in CI's second pass")
    sg = make_user(username="sg-race", stuurgroep=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            barrier.wait()
            outcomes.append(review_services.meeting_create(date=D(2019, 11, 21), title="Stuurgroep", by=sg).pk)
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            outcomes.append(repr(error))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(outcomes) == 2 and len(set(outcomes)) == 1, outcomes
    assert StuurgroepMeeting.objects.filter(date=D(2019, 11, 21)).count() == 1
