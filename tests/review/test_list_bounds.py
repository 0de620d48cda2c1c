"""List pages are bounded: the same queries and at most one page of rows with 35 and with 350 plans."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Plan
from pow_portal.constants import Role
from pow_portal.models import ProgrammeRound
from pow_portal.pagination import PAGE_SIZE
from review.models import AgendaItem, Circulaire, Payment, StuurgroepMeeting

from .test_views import _count, _make_plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def circulaire():
    return Circulaire.objects.create(
        round=ProgrammeRound.objects.current(), name="Testcirculaire", year=2019, bzk_deadline="2019-07-05"
    )


def _with_payments_and_agenda(n, user, circulaire):
    _make_plans(n, user)
    meeting = StuurgroepMeeting.objects.get()
    paid = set(Payment.objects.values_list("region_id", flat=True))
    for plan in Plan.objects.select_related("region").exclude(region_id__in=paid):
        Payment.objects.create(round=plan.round, region=plan.region, centrumgemeente=plan.region.centrumgemeente,
                               tranche=2019, amount=Decimal("1000000.00"), circulaire=circulaire, basis="Test",
                               created_by=user)  # fmt: skip
        version = plan.versions.get()
        if not AgendaItem.objects.filter(version=version).exists():
            AgendaItem.objects.create(meeting=meeting, version=version, added_by=user)
    return meeting


@pytest.mark.parametrize(
    ("role", "page"),
    [
        (Role.MINISTERIE, "circulaire"),
        (Role.MINISTERIE, "circulaires"),
        (Role.STUURGROEP, "meeting"),
        (Role.MINISTERIE, "beheer-payments"),
    ],
)
def test_more_list_pages_keep_their_query_count_from_35_to_350_plans(
    client, users_by_role, regio_user, circulaire, role, page
):
    client.force_login(users_by_role[role])
    meeting = _with_payments_and_agenda(35, regio_user, circulaire)
    url = {
        "circulaire": reverse("review:circulaire", args=[circulaire.pk]),
        "circulaires": reverse("review:circulaires"),
        "meeting": reverse("review:meeting", args=[meeting.pk]),
        "beheer-payments": reverse("admin:review_payment_changelist"),
    }[page]
    with_35 = _count(client, url)
    _with_payments_and_agenda(350, regio_user, circulaire)
    assert _count(client, url) == with_35


def test_the_payment_list_shows_one_page_with_the_total_of_all(client, users_by_role, regio_user, circulaire):
    _with_payments_and_agenda(60, regio_user, circulaire)
    client.force_login(users_by_role[Role.MINISTERIE])
    url = reverse("review:circulaire", args=[circulaire.pk])
    first = client.get(url).content.decode()
    assert first.count('scope="row"') == PAGE_SIZE
    assert "60 betalingen" in first and "60.000.000,00" in first
    assert "Pagina 1 van 3" in first and 'rel="next"' in first
    last = client.get(url, {"pagina": 3}).content.decode()
    assert last.count('scope="row"') == 60 - 2 * PAGE_SIZE
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_the_queue_pages_keep_filter_and_sort(client, users_by_role, regio_user):
    _make_plans(60, regio_user)
    client.force_login(users_by_role[Role.ONDERSTEUNINGSTEAM])
    html = client.get(reverse("review:queue"), {"sort": "regio"}).content.decode()
    assert "60 plannen" in html
    assert "?sort=regio&amp;pagina=2" in html
