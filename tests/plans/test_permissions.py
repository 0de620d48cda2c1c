"""Every plan view with each role and with another region's user."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.constants import PlanStatus
from plans.models import Plan
from pow_portal.constants import Role
from pow_portal.permissions import REVIEWER_ROLES
from review import services as review_services
from tests.factories import PlanFactory, reviewer
from tests.plans.filling import pdf_upload

pytestmark = pytest.mark.django_db


def _urls(plan):
    return {
        "detail": ("get", reverse("plans:plan-detail", args=[plan.pk])),
        "section": ("get", reverse("plans:section-update", args=[plan.pk, "analyse"])),
        "section-post": ("post", reverse("plans:section-update", args=[plan.pk, "analyse"])),
        "autosave": ("post", reverse("plans:section-autosave", args=[plan.pk, "analyse"])),
        "upload": ("post", reverse("plans:file-upload", args=[plan.pk, "infrastructuur"])),
        "checklist": ("get", reverse("plans:checklist", args=[plan.pk])),
        "submit": ("get", reverse("plans:submit", args=[plan.pk])),
        "submit-post": ("post", reverse("plans:submit", args=[plan.pk])),
    }


@pytest.mark.parametrize("view", ["detail", "section", "checklist", "submit"])
def test_own_region_reads_its_draft(client, plan, regio_user, view):
    client.force_login(regio_user)
    method, url = _urls(plan)[view]
    assert getattr(client, method)(url).status_code == 200


@pytest.mark.parametrize(
    "view", ["detail", "section", "section-post", "autosave", "upload", "checklist", "submit", "submit-post"]
)
def test_another_region_gets_404_for_everything(client, plan, other_regio_user, view):
    client.force_login(other_regio_user)
    method, url = _urls(plan)[view]
    response = getattr(client, method)(url, {"expected_version": 0, "part_tekst": "<p>inbraak</p>"})
    assert response.status_code == 404
    assert plan.sections.get(section="analyse").version == 0


@pytest.mark.parametrize("role", [Role.ONDERSTEUNINGSTEAM, Role.STUURGROEP, Role.MINISTERIE, Role.BEHEERDER])
@pytest.mark.parametrize("view", ["detail", "section", "section-post", "autosave", "checklist"])
def test_nobody_else_sees_a_draft(client, plan, users_by_role, role, view):
    client.force_login(users_by_role[role])
    method, url = _urls(plan)[view]
    assert getattr(client, method)(url, {"expected_version": 0}).status_code == 404


@pytest.mark.parametrize("role", [Role.ONDERSTEUNINGSTEAM, Role.STUURGROEP, Role.MINISTERIE])
def test_reviewers_read_a_submitted_plan_but_cannot_change_it(client, regio_user, users_by_role, role):
    plan = PlanFactory(submitted=True, by=regio_user)
    before = plan.sections.get(section="analyse").version
    client.force_login(users_by_role[role])
    urls = _urls(plan)
    assert client.get(urls["detail"][1]).status_code == 403  # the draft page; reviewers read the review page
    assert client.get(reverse("review:plan", args=[plan.pk])).status_code == 200
    assert client.get(urls["section"][1]).status_code == 403
    assert client.post(urls["section-post"][1], {"expected_version": 0, "part_tekst": "x"}).status_code == 403
    assert client.post(urls["autosave"][1], {"expected_version": 0, "part_tekst": "x"}).status_code == 403
    assert plan.sections.get(section="analyse").version == before


def test_the_region_cannot_edit_after_submission(client, plan, regio_user):
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.INGEDIEND)
    client.force_login(regio_user)
    response = client.post(
        reverse("plans:section-update", args=[plan.pk, "analyse"]), {"expected_version": 0, "part_tekst": "x"}
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError, match="ingediend"):
        services.section_update(
            section=plan.sections.get(section="analyse"), parts={"tekst": "x"}, expected_version=0, by=regio_user
        )


def test_my_plan_is_for_region_users_only(client, users_by_role):
    client.force_login(users_by_role[Role.MINISTERIE])
    assert client.get(reverse("plans:my-plan")).status_code == 403
    client.force_login(users_by_role[Role.REGIO])
    response = client.get(reverse("plans:my-plan"))
    assert response.status_code == 200 and "Begin met uw actieplan" in response.content.decode()
    assert not Plan.objects.exists()  # a GET writes nothing
    response = client.post(reverse("plans:my-plan"))
    assert response.status_code == 302
    assert Plan.objects.filter(region=users_by_role[Role.REGIO].region).count() == 1
    assert client.post(reverse("plans:my-plan")).url == response.url  # twice: the same plan
    assert client.get(reverse("plans:my-plan")).url == response.url


DRAFT_TEXT = "Geheime werktekst van de regio"


@pytest.mark.parametrize("role", sorted(REVIEWER_ROLES))
def test_reviewers_never_see_a_working_draft(client, users_by_role, role, django_capture_on_commit_callbacks):
    """After "aanvulling vragen" the region edits again; reviewers read the submitted version only."""
    plan = PlanFactory(in_review=True, by=users_by_role[Role.REGIO])
    ot = reviewer("ondersteuningsteam")
    review_services.comment_add(plan=plan, section="overige_afspraken", text="Noem scholing.", by=ot)
    review_services.review_request_changes(plan=plan, by=ot, note="Zie onderdeel 6.")
    region_user = users_by_role[Role.REGIO]
    row = plan.sections.get(section="overige_afspraken")
    services.section_update(section=row, parts={"tekst": f"<p>{DRAFT_TEXT}</p>"}, expected_version=row.version,
                            by=region_user)  # fmt: skip
    upload = pdf_upload("nieuw-concept-overeenkomst.pdf", b"v2")
    new_file = services.file_upload(plan=plan, slot="samenwerkingsovereenkomst", uploaded=upload, by=region_user)

    client.force_login(users_by_role[role])
    for view in ("section", "checklist", "submit"):
        response = client.get(_urls(plan)[view][1].replace("analyse", "overige_afspraken"))
        assert response.status_code == 403, view
        assert DRAFT_TEXT not in response.content.decode()
    for view in ("submit-post",):
        assert client.post(_urls(plan)[view][1], {"expected_status": "aanvulling_gevraagd"}).status_code == 403
    assert client.get(_urls(plan)["detail"][1]).status_code == 403
    page = client.get(reverse("review:plan", args=[plan.pk])).content.decode()
    assert "Noem scholing." in page  # the submitted version with its comments
    assert DRAFT_TEXT not in page and "nieuw-concept-overeenkomst" not in page
    assert client.get(reverse("plans:file-download", args=[plan.pk, new_file.pk])).status_code == 404
    assert client.get(reverse("plans:section-row", args=[plan.pk, "betrokkenen"]), {"index": 0}).status_code == 403


def test_the_region_still_sees_its_own_draft_after_changes_were_asked(client, users_by_role):
    plan = PlanFactory(in_review=True, by=users_by_role[Role.REGIO])
    review_services.review_request_changes(plan=plan, by=reviewer("ondersteuningsteam"), note="Zie onderdeel 6.")
    client.force_login(users_by_role[Role.REGIO])
    for view in ("detail", "section", "checklist", "submit"):
        assert client.get(_urls(plan)[view][1]).status_code == 200, view
