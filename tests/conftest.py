import datetime
import importlib
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pow_portal.constants import Role
from pow_portal.models import ProgrammeRound

from .factories import UserFactory, region

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def on(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment on ``day`` in the Netherlands, for travelling the 2019 calendar."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)


@pytest.fixture
def calendar():
    """The real 2019 calendar: the whole process (clock, timezone.now, the database's defaults) lives on
    1 April 2019 at 10:00; ``calendar.move_to(on(date))`` walks on."""
    with time_machine.travel(on(datetime.date(2019, 4, 1)), tick=True) as traveller:
        yield traveller


@pytest.fixture
def open_round(db, calendar):
    """Live on a day inside the 2019 submission window."""
    return ProgrammeRound.objects.current()


@pytest.fixture
def make_user(db):
    return UserFactory


@pytest.fixture
def regio_user(db):
    return UserFactory(username="regio-helmond", regio=True)


@pytest.fixture
def other_regio_user(db):
    return UserFactory(username="regio-rijnland", role=Role.REGIO, region=region("Holland Rijnland"))


@pytest.fixture
def users_by_role(db):
    """One user per role, keyed by role."""
    return {
        Role.REGIO: UserFactory(username="r-regio", regio=True),
        Role.ONDERSTEUNINGSTEAM: UserFactory(username="r-ot", ondersteuningsteam=True),
        Role.STUURGROEP: UserFactory(username="r-sg", stuurgroep=True),
        Role.MINISTERIE: UserFactory(username="r-szw", ministerie=True),
        Role.BEHEERDER: UserFactory(username="r-beheer", beheerder=True),
    }


REFERENCE_DATA_MIGRATIONS = [
    "pow_portal.migrations.0002_reference_data_2019",
    "plans.migrations.0002_section_limits_2019",
    "review.migrations.0002_circulaires_2019",
    "review.migrations.0004_letter_templates",
    "review.migrations.0006_money_route",
]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush the database afterwards; put the migrations' reference data back."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from pow_portal.models import Arbeidsmarktregio

    if not Arbeidsmarktregio.objects.exists():
        for module in REFERENCE_DATA_MIGRATIONS:
            importlib.import_module(module).load(apps, None)
