import datetime

import pytest

from monitoring.models import MonitoringPeriod, NationalMeeting
from review.models import Circulaire

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_2019_meetings_from_seed_002():
    meetings = list(NationalMeeting.objects.values_list("title", "date", "counts_for_attendance"))
    assert meetings[0] == ("1ste landelijke bijeenkomst PoW", D(2019, 3, 25), True)
    assert ("Wethoudersbijeenkomst PoW", D(2019, 4, 3), False) in meetings
    assert [m[1].month for m in meetings] == [3, 4, 6, 10, 11]


def test_questionnaires_in_january_and_july():
    assert [(p.kind, p.due_on) for p in MonitoringPeriod.objects.all()] == [
        ("juli", D(2019, 7, 31)),
        ("januari", D(2020, 1, 31)),
        ("juli", D(2020, 7, 31)),
        ("januari", D(2021, 1, 31)),
    ]


def test_circulaires_2020_with_bzk_deadlines():
    assert dict(Circulaire.objects.filter(year=2020).values_list("name", "bzk_deadline")) == {
        "Meicirculaire 2020": D(2020, 4, 15),
        "Septembercirculaire 2020": D(2020, 7, 3),
        "Decembercirculaire 2020": D(2020, 9, 15),
    }
