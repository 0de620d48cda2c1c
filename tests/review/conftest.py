import datetime

import pytest

from plans import services as plan_services
from review import services
from tests.conftest import on
from tests.plans.filling import fill_plan


@pytest.fixture
def submitted(regio_user, open_round):
    plan = plan_services.plan_get_or_create(region=regio_user.region, round=open_round)
    fill_plan(plan, regio_user)
    plan_services.plan_submit(plan=plan, by=regio_user)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def people(make_user):
    return {
        "ot": make_user(username="ot", ondersteuningsteam=True),
        "sg": make_user(username="sg", stuurgroep=True),
        "szw": make_user(username="szw", ministerie=True),
    }


def decide_all(check, by):
    for item in check.items.all():
        services.check_item_decide(item=item, confirmed=True, note="" if item.prefilled else "Toch akkoord", by=by)


@pytest.fixture
def advised(submitted, people, calendar):
    """Submitted on 1 April 2019 (the early window), complete, positively advised on 23 May 2019."""
    check = services.review_start(plan=submitted, by=people["ot"])
    decide_all(check, people["ot"])
    services.review_mark_complete(plan=submitted, by=people["ot"])
    calendar.move_to(on(datetime.date(2019, 5, 23)))
    meeting = services.meeting_create(date=datetime.date(2019, 5, 23), title="Stuurgroep mei", by=people["sg"])
    services.agenda_add(meeting=meeting, plan=submitted, by=people["sg"])
    services.advice_record(plan=submitted, kind="positief", reasons="Breed gedragen plan.", by=people["sg"])
    submitted.refresh_from_db()
    return submitted
