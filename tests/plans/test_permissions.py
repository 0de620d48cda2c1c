"""Every plan view with each role and with another region's user."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from pow_portal.constants import Role

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
def test_reviewers_read_a_submitted_plan_but_cannot_change_it(client, plan, regio_user, users_by_role, role):
    PlanVersion.objects.create(plan=plan, number=1, content={"files": {}}, submitted_by=regio_user)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.INGEDIEND)
    client.force_login(users_by_role[role])
    urls = _urls(plan)
    assert client.get(urls["detail"][1]).status_code == 200
    assert client.get(urls["section"][1]).status_code == 200
    assert client.post(urls["section-post"][1], {"expected_version": 0, "part_tekst": "x"}).status_code == 403
    assert client.post(urls["autosave"][1], {"expected_version": 0, "part_tekst": "x"}).status_code == 403
    assert plan.sections.get(section="analyse").version == 0


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
    assert response.status_code == 302
    assert Plan.objects.filter(region=users_by_role[Role.REGIO].region).count() == 1
