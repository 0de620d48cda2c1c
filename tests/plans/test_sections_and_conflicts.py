import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from plans import services
from plans.models import PlanSection
from pow_portal.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_new_plan_has_nine_empty_sections(plan):
    assert plan.sections.count() == 9
    assert set(plan.sections.values_list("version", flat=True)) == {0}


def test_save_sanitises_and_bumps_the_version(plan, section, regio_user):
    row = section("analyse")
    saved = services.section_update(
        section=row,
        parts={"tekst": '<p onclick="x()">Krapte in de <b>zorg</b></p><script>alert(1)</script><img src=x>'},
        expected_version=0,
        by=regio_user,
    )
    row.refresh_from_db()
    assert row.version == 1
    assert row.parts["tekst"] == "<p>Krapte in de <b>zorg</b></p>"
    assert 0 < saved.verdict.pages < 1
    assert AuditEvent.objects.filter(action="section.update", object_id=str(row.pk)).exists()


def test_second_editor_gets_a_conflict_and_nothing_is_overwritten(plan, section, regio_user, make_user):
    colleague = make_user(username="collega", regio=True)
    row = section("analyse")
    services.section_update(section=row, parts={"tekst": "<p>Eerste</p>"}, expected_version=0, by=regio_user)
    with pytest.raises(services.SectionConflict) as conflict:
        services.section_update(section=row, parts={"tekst": "<p>Tweede</p>"}, expected_version=0, by=colleague)
    assert conflict.value.current.parts["tekst"] == "<p>Eerste</p>"
    assert PlanSection.objects.get(pk=row.pk).parts["tekst"] == "<p>Eerste</p>"


def test_conflict_page_shows_both_texts_and_keeping_mine_saves_it(client, plan, section, regio_user, make_user):
    colleague = make_user(username="collega2", regio=True)
    row = section("analyse")
    services.section_update(section=row, parts={"tekst": "<p>Van collega</p>"}, expected_version=0, by=colleague)
    client.force_login(regio_user)
    url = reverse("plans:section-update", args=[plan.pk, "analyse"])
    response = client.post(url, {"expected_version": 0, "part_tekst": "<p>Van mij</p>"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Van collega" in html and "Van mij" in html
    assert PlanSection.objects.get(pk=row.pk).parts["tekst"] == "<p>Van collega</p>"
    response = client.post(url, {"expected_version": 1, "part_tekst": "<p>Van mij</p>"})
    assert response.status_code == 302
    assert PlanSection.objects.get(pk=row.pk).parts["tekst"] == "<p>Van mij</p>"


def test_autosave_conflict_answers_409(client, plan, section, regio_user):
    services.section_update(section=section("analyse"), parts={"tekst": "<p>a</p>"}, expected_version=0, by=regio_user)
    client.force_login(regio_user)
    url = reverse("plans:section-autosave", args=[plan.pk, "analyse"])
    assert client.post(url, {"expected_version": 0, "part_tekst": "<p>b</p>"}).status_code == 409
    response = client.post(url, {"expected_version": 1, "part_tekst": "<p>b</p>"})
    assert response.status_code == 200
    assert response["X-Section-Version"] == "2"
    assert "van 2 A4" in response.content.decode()


def test_autosave_with_an_expired_session_answers_401_not_a_login_page(client, plan):
    url = reverse("plans:section-autosave", args=[plan.pk, "analyse"])
    response = client.post(url, {"expected_version": 0, "part_tekst": "<p>b</p>"})
    assert response.status_code == 401
    assert response.json() == {"error": "session_expired"}


def test_invalid_structured_input_keeps_everything_typed(client, plan, regio_user):
    client.force_login(regio_user)
    url = reverse("plans:section-update", args=[plan.pk, "contactpersoon"])
    response = client.post(
        url,
        {
            "expected_version": 0,
            "contact-name": "Jan de Wit",
            "contact-email": "geen-mailadres",
            "contact-phone": "12",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Jan de Wit"' in html
    assert "Vul een geldig telefoonnummer in" in html
    assert PlanSection.objects.get(plan=plan, section="contactpersoon").version == 0


def test_another_regions_user_cannot_edit(plan, section, other_regio_user):
    with pytest.raises(PermissionDenied):
        services.section_update(
            section=section("analyse"), parts={"tekst": "x"}, expected_version=0, by=other_regio_user
        )


def test_the_server_renders_a_new_table_row_for_htmx(client, plan, regio_user):
    client.force_login(regio_user)
    url = reverse("plans:section-row", args=[plan.pk, "betrokkenen"])
    response = client.get(url, {"index": 3})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="parties-3-name"' in html and "Regel 4 verwijderen" in html and 'value="" selected' in html
    assert client.get(url, {"index": "x"}).status_code == 404
    assert client.get(reverse("plans:section-row", args=[plan.pk, "analyse"]), {"index": 0}).status_code == 404
