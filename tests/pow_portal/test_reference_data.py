from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from plans.models import SectionLimit
from pow_portal.constants import Role
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound, User
from review.models import Circulaire

pytestmark = pytest.mark.django_db


def test_the_35_regions_of_2019_with_their_centrumgemeente():
    regions = dict(Arbeidsmarktregio.objects.values_list("name", "centrumgemeente"))
    assert len(regions) == 35
    assert regions["Helmond-De Peel"] == "Helmond"
    assert regions["Holland Rijnland"] == "Leiden"
    assert regions["Groot Amsterdam"] == "Amsterdam"


def test_the_2019_round_is_data():
    current = ProgrammeRound.objects.current()
    assert current.name == "2019-2020"
    assert current.early_deadline == date(2019, 4, 15)
    assert current.submission_deadline == date(2019, 7, 15)
    assert current.amount_per_tranche == Decimal("1000000.00")
    assert current.yearly_budget == Decimal("35000000.00")
    assert current.closes_on == date(2019, 7, 15)
    assert current.is_open_on(date(2019, 7, 15))
    assert not current.is_open_on(date(2019, 7, 16))


def test_the_ministry_can_extend_the_submission_window():
    current = ProgrammeRound.objects.current()
    current.submission_extended_until = date(2019, 8, 1)
    current.save()
    assert current.is_open_on(date(2019, 7, 31))


def test_section_limits_of_2019():
    limits = dict(SectionLimit.objects.values_list("section", "max_pages"))
    assert limits == {
        "analyse": 2,
        "ambitie": 1,
        "aanpak": 2,
        "betrokkenen": 2,
        "instrumenten": 1,
        "overige_afspraken": 1,
    }


def test_circulaires_2019_with_bzk_deadlines():
    deadlines = dict(Circulaire.objects.filter(year=2019).values_list("name", "bzk_deadline"))
    assert deadlines == {
        "Septembercirculaire 2019": date(2019, 7, 5),
        "Decembercirculaire 2019": date(2019, 9, 15),
    }


def test_only_one_current_round():
    current = ProgrammeRound.objects.current()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeRound.objects.create(
            name="2021-2022",
            starts_on=date(2021, 1, 1),
            early_deadline=date(2021, 4, 15),
            submission_deadline=date(2021, 7, 15),
            is_current=True,
        )
    assert ProgrammeRound.objects.current() == current


@pytest.mark.parametrize(
    ("role", "with_region"),
    [(Role.REGIO, False), (Role.MINISTERIE, True), (Role.ONDERSTEUNINGSTEAM, True)],
)
def test_region_belongs_to_regio_users_only(role, with_region):
    region = Arbeidsmarktregio.objects.first() if with_region else None
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role=role, region=region)


def test_staff_flag_follows_role(make_user):
    assert make_user(ministerie=True).is_staff
    assert make_user(beheerder=True).is_staff
    assert not make_user(regio=True).is_staff
    assert not make_user(ondersteuningsteam=True).is_staff
