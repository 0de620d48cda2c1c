"""The friction found by walking the route as its users, each fixed and walked again in Chromium."""

import csv
import io
import subprocess

import pytest

from plans import services as plan_services
from plans.constants import PlanStatus
from plans.models import Plan
from review import services as review_services
from review.models import CheckItem
from tests.browser.conftest import wait_until
from tests.factories import PlanFactory, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _click(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).first.click()


def _editor_ready(page, part):
    wait_until(page, f"window.tinymce && tinymce.get('id_part_{part}') && tinymce.get('id_part_{part}').initialized")


def test_region_sees_which_sections_have_comments_and_the_support_teams_note(page, login, axe_check, regio_user):
    plan = PlanFactory(in_review=True, by=regio_user)
    ot = reviewer("ondersteuningsteam")
    review_services.comment_add(plan=plan, section="overige_afspraken", text="Noem scholing.", by=ot)
    review_services.comment_add(plan=plan, section="overige_afspraken", text="En de planning.", by=ot)
    review_services.review_request_changes(plan=plan, by=ot, note="Vul onderdeel 6 aan, zie de opmerkingen.")

    login(regio_user)
    page.goto(f"/plannen/{plan.pk}/")
    assert page.get_by_text("Vul onderdeel 6 aan, zie de opmerkingen.").is_visible()
    row = page.get_by_role("row", name="6. Overige regionale afspraken")
    assert "(2 opmerkingen)" in row.inner_text()
    assert "opmerking" not in page.get_by_role("row", name="1. Analyse").inner_text()
    axe_check(page)


def test_parties_are_added_and_removed_in_place_and_section_4_saves_again(page, login, axe_check, regio_user):
    plan = PlanFactory(drafted=True, by=regio_user)
    login(regio_user)
    page.goto(f"/plannen/{plan.pk}/onderdeel/betrokkenen/")
    assert page.locator("[data-row]").count() == 4  # the four parties, no blank spare rows
    _click(page, "Opslaan")  # used to fail with HTTP 422 on the spare rows' first Soort choice
    assert page.get_by_text("Opgeslagen.", exact=True).is_visible()

    url = page.url
    page.get_by_role("button", name="Regel toevoegen").click()
    page.locator("#id_parties-4-name").fill("FNV")
    page.locator("#id_parties-4-kind").select_option("vakbond")
    page.locator("#id_parties-4-role").fill("Meedenken over scholing")
    page.get_by_role("button", name="Regel 2 verwijderen").click()
    assert page.url == url  # in place, no page load
    assert not page.locator("#id_parties-1-name").is_visible()
    assert page.get_by_text("Regel 2 verwijderd.").is_visible()
    axe_check(page)
    _click(page, "Opslaan")
    assert page.get_by_text("Opgeslagen.", exact=True).is_visible()
    parties = plan.sections.get(section="betrokkenen").data["parties"]
    assert [p["name"] for p in parties] == ["Gemeente Helmond", "Ondernemend Helmond", "Summa College", "FNV"]


def test_the_support_team_confirms_all_proposals_at_once_and_still_overrides_one(page, login, axe_check, regio_user):
    plan = PlanFactory(in_review=True, by=regio_user)
    login(reviewer("ondersteuningsteam"))
    page.goto(f"/beoordeling/plan/{plan.pk}/")
    axe_check(page)
    _click(page, "Alle voorstellen bevestigen")
    assert page.get_by_text("voorstellen bevestigd").is_visible()
    assert not CheckItem.objects.filter(completeness__version__plan=plan, confirmed__isnull=True).exists()

    item = CheckItem.objects.get(completeness__version__plan=plan, key="graphic")
    row = page.locator(f"#item-{item.pk}")
    row.get_by_label("Niet akkoord").check()
    with page.expect_navigation():
        row.get_by_role("button", name="Vastleggen").click()
    assert page.get_by_text("Licht toe waarom u afwijkt").is_visible()
    row = page.locator(f"#item-{item.pk}")
    row.get_by_label("Niet akkoord").check()
    row.get_by_label("Toelichting").fill("De afbeelding is onleesbaar.")
    with page.expect_navigation():
        row.get_by_role("button", name="Vastleggen").click()
    item.refresh_from_db()
    assert item.confirmed is False and item.note == "De afbeelding is onleesbaar."


def test_submitting_names_what_is_missing_and_an_empty_plan_says_why_it_cannot(page, login, axe_check, regio_user):
    plan = PlanFactory(by=regio_user)
    login(regio_user)
    page.goto(f"/plannen/{plan.pk}/")
    button = page.get_by_role("button", name="Plan indienen")
    assert button.is_disabled()
    assert page.get_by_text("Nog niets ingevuld").is_visible()
    axe_check(page)

    row = plan.sections.get(section="analyse")
    plan_services.section_update(
        section=row, parts={"tekst": "<p>Krapte in zorg.</p>"}, expected_version=0, by=regio_user
    )
    page.goto(f"/plannen/{plan.pk}/")
    page.get_by_role("link", name="Plan indienen").click()
    assert page.get_by_text("er ontbreken nog").is_visible()
    link = page.get_by_role("link", name="Vul het aantal matches over twee jaar in (een positief geheel getal).")
    axe_check(page)
    link.click()
    page.wait_for_url(f"**/plannen/{plan.pk}/onderdeel/ambitie/")


def test_the_gauge_stays_in_view_and_the_editor_shows_the_print_font(page, login, regio_user):
    plan = PlanFactory(drafted=True, by=regio_user)
    login(regio_user)
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(f"/plannen/{plan.pk}/onderdeel/aanpak/")
    _editor_ready(page, "planning")
    page.locator("#id_part_planning").locator("xpath=..").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    box = page.locator("#gauge").bounding_box()
    assert 0 <= box["y"] < 700, box  # sticky: in view while typing in the last of the eight parts
    style = page.evaluate(
        "() => { const body = tinymce.get('id_part_planning').getBody(); const s = getComputedStyle(body);"
        " return [s.fontFamily, s.fontSize]; }"
    )
    assert "PoW Fira Sans" in style[0] and style[1] == "14px", style  # print.css: Fira Sans, 10.5pt
    loaded = page.evaluate("() => tinymce.get('id_part_planning').getDoc().fonts.check('14px \"PoW Fira Sans\"')")
    assert loaded


def test_the_ministry_is_told_the_stuurgroeps_advice_comes_first(page, login, axe_check, regio_user):
    plan = PlanFactory(complete=True, by=regio_user)
    szw = reviewer("ministerie")
    login(szw)
    page.goto("/beoordeling/besluiten/")
    section = page.locator(f"[aria-labelledby=waiting-{plan.pk}]")
    assert section.get_by_role("button", name="Besluit vastleggen").is_disabled()
    assert section.get_by_text("Het advies van de stuurgroep is eerst nodig.").is_visible()
    axe_check(page)
    # A decision sent anyway (an old tab, a crafted request) gets the same reason, not "changed by someone else".
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"/beoordeling/besluiten/{plan.pk}/",
        form={f"{plan.pk}-kind": "goedkeuring", f"{plan.pk}-decided_on": "2019-06-03", f"{plan.pk}-reference": "X-1"},
        headers={"X-CSRFToken": token},
    )
    page.set_content(response.text())  # the page it was redirected to, with the message
    assert page.get_by_role("alert").filter(has_text="Het advies van de stuurgroep is eerst nodig.").count() == 1
    assert "gewijzigd" not in page.locator("main").inner_text()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.VOLLEDIG


def test_letter_greets_the_wethouder_by_name_and_the_csv_counts_one_payment(page, login, regio_user, tmp_path):
    plan = PlanFactory(approved=True, by=regio_user)
    login(reviewer("ministerie"))
    page.goto("/beoordeling/besluiten/")
    with page.expect_download() as download:
        page.get_by_role("link", name="besluitbrief").click()
    letter = tmp_path / "brief.pdf"
    letter.write_bytes(open(download.value.path(), "rb").read())  # noqa: SIM115 - small file, read once
    text = subprocess.run(["pdftotext", str(letter), "-"], capture_output=True, text=True, check=True).stdout
    assert "Geachte heer Wethouder," in text, text[:400]  # seed 004: "Geachte heer Van Bree,"
    assert plan.region.name in text

    page.get_by_role("link", name="Betaallijsten").click()
    page.get_by_role("link", name="Septembercirculaire 2019").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read()), delimiter=";"))  # noqa: SIM115
    assert rows[-1][1] == "Totaal" and rows[-1][-1] == "1 betaling"
