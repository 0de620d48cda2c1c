import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from pow_portal.constants import Role
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound
from review import services
from review.models import Advice, StuurgroepMeeting

pytestmark = pytest.mark.django_db


def _make_plans(n, user):
    """Up to n submitted plans, each with a version (regions beyond the 35 are made up for the test)."""
    round_ = ProgrammeRound.objects.current()
    regions = list(Arbeidsmarktregio.objects.order_by("id"))
    regions += [
        Arbeidsmarktregio.objects.create(code=f"T{i:03}", name=f"Testregio {i}", centrumgemeente=f"Stad {i}")
        for i in range(len(regions), n)
    ]
    meeting, _ = StuurgroepMeeting.objects.get_or_create(date=datetime.date(2019, 5, 20))
    have = set(Plan.objects.values_list("region_id", flat=True))
    for i, region in enumerate(regions[:n]):
        if region.pk in have:
            continue
        status = [PlanStatus.INGEDIEND, PlanStatus.IN_BEOORDELING, PlanStatus.GEADVISEERD][i % 3]
        plan = Plan.objects.create(region=region, round=round_, status=status)
        version = PlanVersion.objects.create(plan=plan, number=1, content={"files": {}}, submitted_by=user)
        if status == PlanStatus.GEADVISEERD:
            Advice.objects.create(version=version, meeting=meeting, kind="positief", reasons="ok", recorded_by=user,
                                  advised_on=meeting.date)  # fmt: skip


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        (Role.ONDERSTEUNINGSTEAM, "review:queue"),
        (Role.MINISTERIE, "review:decisions"),
        (Role.STUURGROEP, "review:meetings"),
    ],
)
def test_list_pages_keep_the_same_query_count_with_35_and_350_plans(client, users_by_role, regio_user, role, url_name):
    client.force_login(users_by_role[role])
    url = reverse(url_name)
    _make_plans(35, regio_user)
    with_35 = _count(client, url)
    _make_plans(350, regio_user)
    with_350 = _count(client, url)
    assert with_35 == with_350


def test_queue_filters_sorts_and_counts(client, users_by_role, regio_user):
    _make_plans(9, regio_user)
    client.force_login(users_by_role[Role.ONDERSTEUNINGSTEAM])
    response = client.get(reverse("review:queue"), {"status": "ingediend", "sort": "regio", "richting": "af"})
    rows = response.context["rows"]
    assert len(rows) == 3
    assert [r["plan"].region.name for r in rows] == sorted((r["plan"].region.name for r in rows), reverse=True)
    counts = dict(response.context["counts"])
    assert counts[PlanStatus.INGEDIEND] == 3 and counts[PlanStatus.GEADVISEERD] == 3


@pytest.mark.parametrize("role", [Role.REGIO, Role.BEHEERDER])
@pytest.mark.parametrize("url_name", ["review:queue", "review:meetings"])
def test_regions_and_beheerder_have_no_review_pages(client, users_by_role, role, url_name):
    client.force_login(users_by_role[role])
    assert client.get(reverse(url_name)).status_code == 403


def test_only_the_ministry_decides(client, users_by_role, submitted):
    for role in (Role.REGIO, Role.ONDERSTEUNINGSTEAM, Role.STUURGROEP):
        client.force_login(users_by_role[role])
        response = client.post(reverse("review:decide", args=[submitted.pk]), {})
        assert response.status_code == 403


def test_an_illegal_move_by_url_changes_nothing(client, submitted, people):
    client.force_login(people["ot"])
    response = client.post(reverse("review:move", args=[submitted.pk, "volledig"]), follow=True)
    assert "utrecht-alert--error" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.INGEDIEND


def test_the_region_sees_comments_beside_the_section(client, submitted, people, regio_user):
    services.review_start(plan=submitted, by=people["ot"])
    services.comment_add(plan=submitted, section="aanpak", text="Werk pijler 3 verder uit.", by=people["ot"])
    services.review_request_changes(plan=submitted, by=people["ot"])
    client.force_login(regio_user)
    html = client.get(reverse("plans:section-update", args=[submitted.pk, "aanpak"])).content.decode()
    assert "Werk pijler 3 verder uit." in html


def test_diff_shows_word_level_changes(client, submitted, people, regio_user):
    from plans import services as plan_services

    services.review_start(plan=submitted, by=people["ot"])
    services.review_request_changes(plan=submitted, by=people["ot"])
    row = submitted.sections.get(section="overige_afspraken")
    plan_services.section_update(section=row, parts={"tekst": "<p>Afspraken over monitoring en scholing.</p>"},
                                 expected_version=row.version, by=regio_user)  # fmt: skip
    plan_services.plan_submit(plan=submitted, by=regio_user)
    client.force_login(people["ot"])
    html = client.get(reverse("review:diff", args=[submitted.pk]), {"van": 1, "naar": 2}).content.decode()
    assert "<del>communicatie.</del>" in html
    assert "<ins>scholing.</ins>" in html
