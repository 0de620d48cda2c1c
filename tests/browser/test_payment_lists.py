"""The ministry approves two plans, sees both payments in the right circulaire, locks the list and downloads it."""

import csv
import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound
from review.models import Advice, Payment, StuurgroepMeeting
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def advised_plan(name, user, meeting):
    region = Arbeidsmarktregio.objects.get(name=name)
    plan = Plan.objects.create(region=region, round=ProgrammeRound.objects.current(), status=PlanStatus.GEADVISEERD)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        content={"sections": {"ondertekening": {"data": {"signatories": [{"name": "Wethouder"}, {}]}}}, "files": {}},
        submitted_by=user,
    )
    Advice.objects.create(version=version, meeting=meeting, kind="positief", reasons="Goed plan", recorded_by=user,
                          advised_on=meeting.date)  # fmt: skip
    return plan


def test_ministry_approves_two_plans_locks_the_list_and_downloads_matching_files(page, login, axe_check, tmp_path):
    szw = UserFactory(username="szw-lists", ministerie=True)
    sg = UserFactory(username="sg-lists", stuurgroep=True)
    meeting = StuurgroepMeeting.objects.create(date=datetime.date(2019, 5, 23))
    for name in ("Helmond-De Peel", "Holland Rijnland"):
        advised_plan(name, sg, meeting)

    login(szw)
    page.goto("/beoordeling/besluiten/")
    for _ in range(2):
        section = page.locator("section.pow-card").first
        section.get_by_label("Goedkeuring").check()
        section.get_by_label("Datum besluit").fill("2019-06-03")
        section.get_by_label("Kenmerk").fill("2019-0000777")
        with page.expect_navigation():
            section.get_by_role("button", name="Besluit vastleggen").click()
    assert Payment.objects.count() == 2

    page.get_by_role("link", name="Betaallijsten").click()
    axe_check(page)
    page.get_by_role("link", name="Septembercirculaire 2019").click()
    assert page.get_by_role("cell", name="€ 1.000.000,00").count() == 2
    assert "totaal € 2.000.000,00" in page.locator("caption").inner_text()
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Betaallijst vaststellen").click()
    assert page.get_by_text("is vastgesteld").first.is_visible()
    axe_check(page)

    downloads = {}
    for fmt in ("CSV", "XLSX", "PDF"):
        with page.expect_download() as info:
            page.get_by_role("link", name=f"Download {fmt}").click()
        downloads[fmt] = open(info.value.path(), "rb").read()  # noqa: SIM115 - read once, small file
    rows = list(csv.reader(io.StringIO(downloads["CSV"].decode("utf-8-sig")), delimiter=";"))
    assert [r[4] for r in rows[1:]] == ["1000000,00", "1000000,00", "2000000,00"]
    sheet = load_workbook(io.BytesIO(downloads["XLSX"])).active
    assert [Decimal(str(sheet.cell(row=r, column=5).value)) for r in range(2, 5)] == [
        Decimal(1000000),
        Decimal(1000000),
        Decimal(2000000),
    ]
    pdf = tmp_path / "lijst.pdf"
    pdf.write_bytes(downloads["PDF"])
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("€ 1.000.000,00") == 2 and "€ 2.000.000,00" in text
