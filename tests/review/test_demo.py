"""`make run`'s demo: a round open today with circulaires ahead, so the whole route can be walked today."""

import datetime
import io

import pytest
from django.core.management import call_command

from monitoring import services as monitoring_services
from plans import services as plan_services
from plans.constants import PlanStatus
from pow_portal import clock
from pow_portal.models import ProgrammeRound
from review import demo, services
from review.models import Circulaire, Payment, StuurgroepMeeting
from tests.plans.filling import fill_plan
from tests.review.conftest import decide_all

pytestmark = pytest.mark.django_db


def test_load_demo_adds_a_marked_round_open_today_and_keeps_2019_as_history():
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    today = clock.today()
    current = ProgrammeRound.objects.current()
    assert current.name == f"Demo {today.year}" and current.is_open_on(today)
    assert current.section_limits.count() == ProgrammeRound.objects.get(name="2019-2020").section_limits.count()
    early, closing = Circulaire.objects.filter(round=current).exclude(window="").order_by("bzk_deadline")
    second = Circulaire.objects.get(round=current, window="")
    assert (early.year, closing.year, second.year) == (current.starts_on.year,) * 2 + (current.starts_on.year + 1,)
    assert (early.window, closing.window) == ("vroeg", "sluiting")
    assert today < current.early_deadline < early.bzk_deadline < current.submission_deadline < closing.bzk_deadline
    assert "(demo)" in early.name
    history = ProgrammeRound.objects.get(name="2019-2020")
    assert history.submission_extended_until is None and not history.is_current
    assert StuurgroepMeeting.objects.filter(date=today).exists()
    # Running it again keeps the data and adds nothing.
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert ProgrammeRound.objects.count() == 2 and Circulaire.objects.filter(round=current).count() == 3


def test_with_a_round_open_today_the_demo_works_in_it(calendar):
    calendar.move_to(datetime.datetime(2019, 4, 1, 10, tzinfo=datetime.UTC))
    assert demo.load(io.StringIO()).name == "2019-2020"
    assert ProgrammeRound.objects.count() == 1


def test_the_demo_round_routes_a_plan_approved_today_to_a_confirmed_payment(regio_user, make_user):
    round_ = demo.load(io.StringIO())
    ot, sg = make_user(username="ot-d", ondersteuningsteam=True), make_user(username="sg-d", stuurgroep=True)
    szw = make_user(username="szw-d", ministerie=True)
    plan = plan_services.plan_get_or_create(region=regio_user.region, round=round_)
    fill_plan(plan, regio_user)
    plan_services.plan_submit(plan=plan, by=regio_user)
    decide_all(services.review_start(plan=plan, by=ot), ot)
    services.review_mark_complete(plan=plan, by=ot)
    services.agenda_add(meeting=StuurgroepMeeting.objects.get(date=clock.today()), plan=plan, by=sg)
    services.advice_record(plan=plan, kind="positief", reasons="Goed", by=sg)
    services.decision_record(plan=plan, kind="goedkeuring", decided_on=clock.today(), reference="DEMO-1", by=szw)
    plan.refresh_from_db()
    payment = Payment.objects.get(region=regio_user.region)
    assert plan.status == PlanStatus.GOEDGEKEURD
    assert (payment.status, payment.circulaire.window, payment.tranche) == ("bevestigd", "vroeg", round_.starts_on.year)
    # The evaluation (today, in the demo) puts the second tranche on a circulaire of the next year, never on the
    # first tranche's list.
    evaluation = monitoring_services.evaluation_record(
        plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=clock.today(), by=szw
    )
    second = evaluation.payment
    assert second.tranche == round_.starts_on.year + 1 and second.circulaire.year == second.tranche
    assert second.circulaire.name == f"Meicirculaire {second.tranche} (demo)" != payment.circulaire.name
