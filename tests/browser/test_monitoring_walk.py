"""Monitoring in Chromium: a region files its progress report, the support team accepts it and records
attendance and a conversation, the ministry evaluates and the 2020 payment appears on its circulaire list;
the national dashboard and the overview PDF show it. axe: 0 violations on every monitoring page."""

import datetime
import subprocess

import pytest

from monitoring.models import Attendance, NationalMeeting
from review.models import Payment
from tests.factories import UserFactory
from tests.monitoring.conftest import NUMBERS, TEXTS, approved_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, login, user):
    page.context.clear_cookies()
    login(user)


def _click(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).first.click()


def test_report_attendance_conversation_evaluation_payment(page, login, axe_check, regio_user, monkeypatch,
                                                          tmp_path):  # fmt: skip
    monkeypatch.setattr("pow_portal.clock.today", lambda: datetime.date(2020, 1, 20))
    ot = UserFactory(username="ot-mon", ondersteuningsteam=True)
    szw = UserFactory(username="szw-mon", ministerie=True)
    plan = approved_plan("Helmond-De Peel", szw)

    # The region files its January report.
    _as(page, login, regio_user)
    assert page.get_by_text("Voortgangsrapportage Vragenlijst januari 2020, uiterlijk 31 januari 2020.").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Naar de rapportage").click()
    labels = {
        "matches_regulier": "Matches op een reguliere baan",
        "matches_leerwerkplek": "Matches op een leerwerkplek",
        "matches_overig": "Overige matches",
        "werkfitte_kandidaten": "Werkfitte kandidaten in het regionale bestand",
    }
    for key, label in labels.items():
        page.get_by_label(label, exact=True).fill(str(NUMBERS[key]))
    for key, text in TEXTS.items():
        page.locator(f"#id_{key}").fill(text)
    page.get_by_text("Automatisch opgeslagen").wait_for()  # the htmx autosave
    _click(page, "Opslaan")
    axe_check(page)
    _click(page, "Rapportage indienen")
    assert page.get_by_text("Uw voortgangsrapportage is ingediend (versie 1)").is_visible()
    axe_check(page)

    # The support team reads and accepts it, records attendance and a conversation.
    _as(page, login, ot)
    axe_check(page)
    page.get_by_role("link", name="Helmond-De Peel — Vragenlijst januari 2020").first.click()
    page.get_by_label("Geaccepteerd").check()
    _click(page, "Beoordeling vastleggen")
    assert page.get_by_text("De beoordeling is vastgelegd").is_visible()
    axe_check(page)
    page.goto("/monitoring/bijeenkomsten/")
    axe_check(page)
    for meeting in NationalMeeting.objects.filter(counts_for_attendance=True):
        page.get_by_role("link", name=meeting.title).click()
        page.locator(f"#id_r{plan.region_id}-status").select_option("aanwezig")
        page.locator(f"#id_r{plan.region_id}-attendees").fill("Wethouder Jansen")
        _click(page, "Deelname opslaan")
        page.goto("/monitoring/bijeenkomsten/")
    assert Attendance.objects.filter(region=plan.region, status="aanwezig").count() == 3
    page.goto(f"/monitoring/bijeenkomsten/{NationalMeeting.objects.first().pk}/")
    axe_check(page)
    page.goto(f"/monitoring/regio/{plan.region_id}/")
    page.get_by_label("Datum gesprek").fill("2019-10-15")
    page.get_by_label("Gesproken met").fill("Wethouder Jansen, accountmanager UWV")
    page.get_by_label("Afspraken").fill("Meer leerwerkplekken in de zorg.")
    page.get_by_label("Vervolgactie (optioneel)").fill("Overzicht zorgwerkgevers sturen")
    page.get_by_label("Vervolgactie uiterlijk").fill("2019-11-01")
    _click(page, "Gesprek vastleggen")
    assert page.get_by_text("Meer leerwerkplekken in de zorg.").is_visible()
    axe_check(page)
    page.goto("/monitoring/")
    axe_check(page)

    # The ministry evaluates: good progress with attendance schedules the 2020 tranche.
    _as(page, login, szw)
    axe_check(page)
    page.goto("/monitoring/evaluatie/")
    axe_check(page)
    page.get_by_role("link", name="Helmond-De Peel", exact=True).click()
    assert page.get_by_text("Voldoet aan de voorwaarde van deelname.").is_visible()
    axe_check(page)
    page.get_by_label("Goede voortgang", exact=True).check()
    page.get_by_label("Datum evaluatie").fill("2020-01-17")  # not in the future: today is 20 January
    page.get_by_label("Motivering").fill("45 matches in het eerste halfjaar; actief op de bijeenkomsten.")
    _click(page, "Evaluatie vastleggen")
    assert page.get_by_text("De evaluatie is vastgelegd").is_visible()
    axe_check(page)
    payment = Payment.objects.get(tranche=2020)
    page.goto("/beoordeling/circulaires/")
    page.get_by_role("link", name="Meicirculaire 2020").click()
    row = page.get_by_role("row", name="Helmond-De Peel")
    assert "2020" in row.inner_text() and "€ 1.000.000,00" in row.inner_text()
    axe_check(page)
    assert payment.circulaire.name == "Meicirculaire 2020"

    # The national dashboard shows it; the overview PDF shows the plan.
    page.goto("/monitoring/dashboard/")
    axe_check(page)
    money = page.get_by_role("table", name="Betalingen per circulaire")
    assert "€ 1.000.000,00" in money.get_by_role("row", name="Meicirculaire 2020").inner_text()
    assert page.get_by_text("Totaal gerealiseerd: 45 van 120 matches.").is_visible()
    page.goto("/monitoring/overzicht/")
    axe_check(page)
    _click(page, "Overzicht als PDF")
    axe_check(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download het bestand").click()
    pdf = tmp_path / "overzicht.pdf"
    pdf.write_bytes(open(info.value.path(), "rb").read())  # noqa: SIM115 - small file read once
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Helmond-De Peel" in text and "120 matches in twee jaar" in text
    page.goto("/monitoring/berichten/")
    axe_check(page)


def test_report_text_typed_after_the_session_expired_is_offered_back(page, login, axe_check, regio_user,
                                                                     monkeypatch):  # fmt: skip
    monkeypatch.setattr("pow_portal.clock.today", lambda: datetime.date(2020, 1, 20))
    approved_plan("Helmond-De Peel", UserFactory(username="szw-exp", ministerie=True))
    _as(page, login, regio_user)
    page.get_by_role("link", name="Naar de rapportage").click()
    url = page.url
    page.context.clear_cookies()  # the session expires while the region types
    page.locator("#id_knelpunten").fill("Vervoer naar bedrijventerreinen is lastig.")
    page.locator("#id_knelpunten").blur()
    page.get_by_text("Uw sessie is verlopen. Uw tekst is in deze browser bewaard.").wait_for()
    axe_check(page)
    login(regio_user)
    page.goto(url)
    page.get_by_role("button", name="Tekst terugzetten").click()
    assert page.locator("#id_knelpunten").input_value() == "Vervoer naar bedrijventerreinen is lastig."
    page.get_by_text("Automatisch opgeslagen").wait_for()
