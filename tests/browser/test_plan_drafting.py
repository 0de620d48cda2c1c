"""A region fills all nine sections in Chromium, watches the gauge, submits and downloads the PDF."""

import datetime

import pytest
from PIL import Image

from plans.models import Plan, PlanVersion
from tests.browser.conftest import wait_until
from tests.plans.filling import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASTED = (
    "<h2>Kansen en uitdagingen</h2><p>In <strong>zorg</strong> en <em>techniek</em> is krapte.</p>"
    "<ul><li>Regio in beeld van UWV</li><li>Werken in de Zorg</li></ul>"
    "<table><tr><th>Sector</th><th>Vacatures</th></tr><tr><td>Zorg</td><td>1200</td></tr></table>"
    '<p><a href="https://www.uwv.nl">UWV</a></p>'
)
LONG = "<p>" + "Een lange toelichting op de ambitie die veel te veel ruimte inneemt. " * 120 + "</p>"


@pytest.fixture
def files(tmp_path):
    png = tmp_path / "infrastructuur.png"
    Image.new("RGB", (900, 500), (1, 104, 155)).save(png)
    pdf = tmp_path / "ondertekend.pdf"
    pdf.write_bytes(pdf_bytes())  # a real PDF: uploads are parsed whole
    return {"png": str(png), "pdf": str(pdf)}


def _editor(page, part):
    wait_until(page, f"window.tinymce && tinymce.get('id_part_{part}') && tinymce.get('id_part_{part}').initialized")


def _paste(page, part, html):
    _editor(page, part)
    page.evaluate(
        "([id, html]) => { const ed = tinymce.get(id); ed.focus();"
        " ed.execCommand('mceInsertClipboardContent', false, {html}); }",
        [f"id_part_{part}", html],
    )


def _set(page, part, html):
    _editor(page, part)
    page.evaluate(
        "([id, html]) => { const ed = tinymce.get(id); ed.setContent(html); ed.fire('change'); }",
        [f"id_part_{part}", html],
    )


def _wait_autosaved(page):
    wait_until(page, "document.getElementById('autosave-status').textContent.includes('opgeslagen')")


def _save(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    assert page.get_by_text("Opgeslagen.", exact=True).is_visible(), page.locator("main").inner_text()


def _upload(page, slot, path):
    page.locator(f"#upload-{slot} input[type=file]").set_input_files(path)
    with page.expect_navigation():
        page.locator(f"#upload-{slot} button[type=submit]").click()
    assert page.get_by_text("Het bestand is opgeslagen").is_visible(), page.locator("main").inner_text()[:600]


def test_region_drafts_submits_and_downloads_the_plan(page, login, axe_check, regio_user, files, monkeypatch):
    monkeypatch.setattr("pow_portal.clock.today", lambda: datetime.date(2019, 4, 10))
    login(regio_user)
    with page.expect_navigation():
        page.get_by_role("button", name="Begin met uw actieplan").click()
    plan = Plan.objects.get(region=regio_user.region)
    axe_check(page)
    base = f"/plannen/{plan.pk}/onderdeel"

    # 1 Analyse: pasted rich text, autosaved, gauge shown.
    page.goto(f"{base}/analyse/")
    _paste(page, "tekst", PASTED)
    _wait_autosaved(page)
    assert "van 2 A4" in page.locator("#gauge").inner_text()
    axe_check(page)
    stored = plan.sections.get(section="analyse").parts["tekst"]
    for tag in ("<h2>", "<strong>", "<ul>", "<table>", 'href="https://www.uwv.nl"'):
        assert tag in stored

    # 2 Ambitie: the gauge passes the limit and comes back.
    page.goto(f"{base}/ambitie/")
    _set(page, "verbetering", LONG)
    # The preview says so at once; the exact measure follows the autosave and says so too.
    wait_until(page, "document.getElementById('gauge').textContent.includes('Te lang')", timeout=5)
    wait_until(page, "document.getElementById('gauge').textContent.includes('gemeten:') && "
               "document.getElementById('gauge').textContent.includes('Te lang')")  # fmt: skip
    assert plan.sections.get(section="ambitie").parts["verbetering"].startswith("<p>Een lange")  # saved anyway
    _set(page, "verbetering", "<p>Twee keer zoveel matches als in 2018.</p>")
    wait_until(page, "!document.getElementById('gauge').textContent.includes('Te lang')")
    page.get_by_label("Aantal matches over twee jaar").fill("400")
    page.get_by_label("Waarvan in 2019").fill("150")
    _save(page)

    # 3 Aanpak: every pillar and werkgeversdienstverlening point.
    page.goto(f"{base}/aanpak/")
    for part in ("aanbod", "vraag", "route", "scholing", "aanspreekpunt", "wsp", "harmonisatie", "planning"):
        _set(page, part, f"<p>Activiteiten voor {part}.</p>")
    _save(page)

    # 4 Betrokkenen: parties and the infrastructure graphic.
    page.goto(f"{base}/betrokkenen/")
    for i, (name, kind, role) in enumerate([("Gemeente Helmond", "gemeente", "Trekker"), ("UWV", "uwv", "WSP")]):
        if i:
            page.get_by_role("button", name="Regel toevoegen").click()
        page.locator(f"#id_parties-{i}-name").fill(name)
        page.locator(f"#id_parties-{i}-kind").select_option(kind)
        page.locator(f"#id_parties-{i}-role").fill(role)
    _save(page)
    _upload(page, "infrastructuur", files["png"])

    # 5 Instrumenten.
    page.goto(f"{base}/instrumenten/")
    page.locator("#id_rows-0-party").fill("UWV")
    page.locator("#id_rows-0-instrument").fill("No-riskpolis")
    page.locator("#id_rows-0-money").fill("250000")
    _save(page)

    # 6 Overige afspraken.
    page.goto(f"{base}/overige_afspraken/")
    _set(page, "tekst", "<p>Afspraken over monitoring.</p>")
    _save(page)

    # 7 Ondertekening.
    page.goto(f"{base}/ondertekening/")
    for prefix, values in (
        ("sig1", ("A. Wethouder", "Wethouder", "Gemeente Helmond")),
        ("sig2", ("B. Voorzitter", "Voorzitter", "VNO-NCW")),
    ):
        for field, value in zip(("name", "function", "organisation"), values, strict=True):
            page.locator(f"#id_{prefix}-{field}").fill(value)
    for letter in "abc":
        page.locator(f"#id_decl-declaration_{letter}").check()
    page.locator("#id_decl-signed_on").fill("2019-04-08")
    _save(page)
    _upload(page, "ondertekening", files["pdf"])
    axe_check(page)

    # 8 Contactpersoon.
    page.goto(f"{base}/contactpersoon/")
    page.locator("#id_contact-name").fill("C. Contact")
    page.locator("#id_contact-email").fill("c@helmond.nl")
    page.locator("#id_contact-phone").fill("0492 587 587")
    _save(page)

    # 9 Samenwerkingsovereenkomst.
    page.goto(f"{base}/samenwerkingsovereenkomst/")
    _upload(page, "samenwerkingsovereenkomst", files["pdf"])

    # The checklist is empty; submit; download the PDF.
    page.goto(f"/plannen/{plan.pk}/ontbreekt/")
    assert page.get_by_text("Alles wat het kader vraagt is ingevuld").is_visible(), page.locator("main").inner_text()
    axe_check(page)
    page.get_by_role("link", name="Naar indienen").click()
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Definitief indienen").click()
    assert page.get_by_text("Versie 1 van uw actieplan is ingediend").is_visible()
    axe_check(page)
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden").click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download_info.value.suggested_filename.endswith(".pdf")


def test_text_typed_after_the_session_expired_is_offered_back(page, login, regio_user, client):
    login(regio_user)
    with page.expect_navigation():
        page.get_by_role("button", name="Begin met uw actieplan").click()
    plan = Plan.objects.get(region=regio_user.region)
    page.goto(f"/plannen/{plan.pk}/onderdeel/analyse/")
    page.context.clear_cookies()  # the session expires
    _set(page, "tekst", "<p>Tekst van een hele middag werk.</p>")
    page.wait_for_selector("#session-banner:not([hidden])")
    login(regio_user)
    page.goto(f"/plannen/{plan.pk}/onderdeel/analyse/")
    page.wait_for_selector("#restore-banner:not([hidden])")
    page.get_by_role("button", name="Tekst terugzetten").click()
    wait_until(page, "document.getElementById('autosave-status').textContent.includes('opgeslagen')")
    assert "middag werk" in plan.sections.get(section="analyse").parts["tekst"]
