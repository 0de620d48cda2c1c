"""`make run`'s demo: the programme's 2019-2020 year as history, and a round open today with circulaires and
monitoring ahead, so the whole route can be walked today."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from monitoring import demo as demo_history
from monitoring import selectors as monitoring_selectors
from monitoring import services as monitoring_services
from monitoring.models import Evaluation, MonitoringPeriod, NationalMeeting
from plans import services as plan_services
from plans.constants import PlanStatus
from plans.models import Plan
from pow_portal import clock
from pow_portal.models import ProgrammeRound, User
from review import demo, services
from review.models import Circulaire, Decision, Payment, StuurgroepMeeting
from tests.plans.filling import fill_plan
from tests.review.conftest import decide_all

pytestmark = pytest.mark.django_db


def test_load_demo_adds_a_marked_round_open_today_and_the_programme_year_as_history(client):
    """One load (the history is the slow part: 35 plans through the services) serves every assertion."""
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
    # The demo round leads on to monitoring: periods due and meetings ahead, after today.
    assert MonitoringPeriod.objects.filter(round=current, due_on__gt=today).count() == 2
    assert NationalMeeting.objects.filter(round=current, date__gt=today, counts_for_attendance=True).count() == 3

    # The history: 35 plans approved on the real route; the December list carries the two SPEC names.
    assert Plan.objects.filter(round=history, status=PlanStatus.GOEDGEKEURD).count() == 35
    lists = dict(Payment.objects.filter(tranche=2019).values_list("region__name", "circulaire__name"))
    assert len(lists) == 35 and {r for r, c in lists.items() if c == "Decembercirculaire 2019"} == set(
        demo_history.DECEMBER_LIST
    )
    assert set(Decision.objects.filter(plan__round=history).values_list("decided_on__year", flat=True)) == {2019}
    evaluations = Evaluation.objects.filter(plan__round=history)
    assert {e.evaluated_on.strftime("%Y-%m") for e in evaluations} == {"2020-02"}
    granted = evaluations.filter(outcome="toegekend")
    assert granted.count() == 32 and all(e.reasons for e in evaluations.exclude(outcome="toegekend"))
    assert set(granted.values_list("payment__circulaire__year", "payment__tranche")) == {(2020, 2020)}

    # A fresh `make run` shows it: the dashboard with 35 regions, each chart with bars; 35 approved plans.
    client.force_login(User.objects.get(username="ministerie"))
    page = client.get(reverse("monitoring:dashboard"))
    figures = page.context["f"]
    assert len(figures["regions"]) == 35 and all(r["ambition"] for r in figures["regions"])
    for name, chart in page.context["charts"].items():
        assert any(float(item["percent"]) > 0 for bar in chart["bars"] for item in bar["items"]), name
    assert len(client.get(reverse("monitoring:overview")).context["rows"]) == 35
    region = Plan.objects.get(round=history, region__name="Helmond-De Peel").region
    dossier = client.get(reverse("monitoring:region", args=[region.pk]))
    assert dossier.context["can_build_dossier"] and dossier.context["rows"]

    # Running it again keeps the data and adds nothing.
    counts = (
        Plan.objects.count(),
        Payment.objects.count(),
        Evaluation.objects.count(),
        MonitoringPeriod.objects.count(),
    )
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert ProgrammeRound.objects.count() == 2 and Circulaire.objects.filter(round=current).count() == 3
    assert counts == (
        Plan.objects.count(),
        Payment.objects.count(),
        Evaluation.objects.count(),
        MonitoringPeriod.objects.count(),
    )


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
    # ... and leads on to monitoring work: the demo round's periods, due after today.
    demo_history.load_today(io.StringIO())
    assert monitoring_selectors.monitored_round() == round_
    assert [row["period"].due_on > clock.today() for row in monitoring_selectors.region_reports(plan)] == [True, True]
    # The evaluation (today, in the demo) puts the second tranche on a circulaire of the next year, never on the
    # first tranche's list.
    # Evaluated the day after the first period the region reports on, as the evaluation period asks.
    first = MonitoringPeriod.objects.filter(round=round_).order_by("counts_until").first()
    evaluated_on = first.counts_until + datetime.timedelta(days=1)
    for meeting in NationalMeeting.objects.filter(round=round_, date__lt=evaluated_on):
        monitoring_services.attendance_record(
            meeting=meeting, region=plan.region, status="aanwezig", attendees="Wethouder", by=ot
        )
    with time_machine.travel(evaluated_on, tick=True):
        evaluation = monitoring_services.evaluation_record(
            plan=plan, good_progress=True, reasons="Op koers.", evaluated_on=clock.today(), by=szw
        )
    second = evaluation.payment
    assert second.tranche == round_.starts_on.year + 1 and second.circulaire.year == second.tranche
    assert second.circulaire.name == f"Meicirculaire {second.tranche} (demo)" != payment.circulaire.name
