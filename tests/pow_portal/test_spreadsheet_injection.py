"""No export turns text from users or Beheer into a formula: CSV cells neutralised, XLSX text as strings."""

import ast
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound
from pow_portal.spreadsheets import DutchCsv, neutralise
from review import exports, payments
from review.constants import PaymentKind, PaymentStatus
from review.models import Decision, Payment
from tests.test_one_rule import app_modules

pytestmark = pytest.mark.django_db
HYPERLINK = '=HYPERLINK("http://x","klik")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(make_user):
    """A region renamed in Beheer to a formula, with a payment and a negative correction on an open list."""
    szw = make_user(username="szw-csv", ministerie=True)
    region = Arbeidsmarktregio.objects.get(name="Helmond-De Peel")
    region.name, region.centrumgemeente = HYPERLINK, "@SUM(1)"
    region.save()
    plan = Plan.objects.create(region=region, round=ProgrammeRound.objects.current(), status=PlanStatus.GOEDGEKEURD)
    version = PlanVersion.objects.create(plan=plan, number=1, content={"files": {}}, submitted_by=szw)
    decision = Decision.objects.create(
        plan=plan,
        version=version,
        kind="goedkeuring",
        reference="R-1",
        decided_on=datetime.date(2019, 6, 3),
        decided_by=szw,
    )
    payment = payments.payment_confirm(decision=decision)
    Payment.objects.create(
        round=payment.round,
        region=region,
        centrumgemeente="+31 6 1234",
        tranche=2019,
        kind=PaymentKind.VERREKENING,
        amount=Decimal("-1000000.00"),
        corrects=payment,
        circulaire=payment.circulaire,
        basis="-correctie\tmet tab",
        created_by=szw,
        status=PaymentStatus.BEVESTIGD,
    )
    return szw, payment.circulaire


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def assert_csv_inert(content: bytes):
    rows = csv_cells(content)
    for row in rows:
        for value in row:
            if value.startswith(FORMULA_STARTS):
                assert value.replace(",", "", 1).lstrip("-").isdigit(), f"live cell {value!r}"  # a negative number
    flat = [v for row in rows for v in row]
    assert f"'{HYPERLINK}" in flat and "'@SUM(1)" in flat
    return flat


def assert_xlsx_inert(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}: {cell.value!r}"
                values.append(cell.value)
    assert HYPERLINK in values and "@SUM(1)" in values  # text kept as typed, as a string
    return values


def test_the_payment_list_exports_are_inert_and_numbers_stay_numbers(hostile):
    _szw, circulaire = hostile
    flat = assert_csv_inert(exports.export_csv(circulaire))
    assert "-1000000,00" in flat and "'+31 6 1234" in flat and "'-correctie\tmet tab" in flat
    values = assert_xlsx_inert(exports.export_xlsx(circulaire))
    assert Decimal("-1000000.00") in [Decimal(str(v)) for v in values if isinstance(v, int | float)]


def test_the_stored_exports_of_a_locked_list_are_inert(hostile):
    szw, circulaire = hostile
    payments.circulaire_lock(circulaire=circulaire, by=szw)
    assert_csv_inert(exports.circulaire_export(circulaire, "csv")[0])
    assert_xlsx_inert(exports.circulaire_export(circulaire, "xlsx")[0])


def test_the_dashboard_exports_are_inert(client, hostile):
    szw, _circulaire = hostile
    client.force_login(szw)
    assert_csv_inert(client.get(reverse("monitoring:dashboard-export", args=["csv"])).content)
    assert_xlsx_inert(client.get(reverse("monitoring:dashboard-export", args=["xlsx"])).content)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_each_formula_start_is_neutralised(value):
    assert neutralise(value) == "'" + value
    out = DutchCsv()
    out.row([value, Decimal("-5.50"), -3, None])
    assert csv_cells(out.content()) == [["'" + value, "-5,50", "-3", ""]]


def test_every_csv_goes_through_the_one_helper():
    writers = [
        path
        for path, tree in app_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in {"writer", "DictWriter"}
        and isinstance(node.value, ast.Name)
        and node.value.id == "csv"
    ]
    assert writers == ["pow_portal/spreadsheets.py"]
