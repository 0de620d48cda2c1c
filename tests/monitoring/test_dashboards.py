"""Dashboards: each role's start page and the national dashboard run the same number of queries for
35 and for 350 regions; the charts have text alternatives and tables; the figures export."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pow_portal.models import Arbeidsmarktregio

from .bulk import fill_regions, vary_reports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _february(monkeypatch):
    monkeypatch.setattr("pow_portal.clock.today", lambda: datetime.date(2020, 2, 3))


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("ot", "home"),
    ("sg", "home"),
    ("szw", "home"),
    ("regio", "home"),
    ("szw", "monitoring:dashboard"),
    ("szw", "monitoring:overview"),
    ("ot", "monitoring:dashboard"),
    ("szw", "monitoring:evaluations"),
    ("ot", "monitoring:meetings"),
    ("ot", "monitoring:reports"),
]


def test_same_query_count_for_35_and_350_regions(client, people):
    fill_regions(35, people["szw"])
    first = {}
    for who, name in PAGES:
        client.force_login(people[who])
        first[(who, name)] = _count(client, reverse(name))
    fill_regions(350, people["szw"])
    assert Arbeidsmarktregio.objects.count() == 350
    for who, name in PAGES:
        client.force_login(people[who])
        assert _count(client, reverse(name)) == first[(who, name)], (who, name)


def test_start_pages_lead_with_the_work_now(client, people):
    fill_regions(35, people["szw"])
    client.force_login(people["ot"])
    html = client.get(reverse("home")).content.decode()
    assert "Voortgangsrapportages te lezen" in html and "— Vragenlijst januari 2020</a>" in html
    assert "Ingediende plannen te controleren: 0" in html
    client.force_login(people["szw"])
    html = client.get(reverse("home")).content.decode()
    assert "Evaluaties te doen: 35" in html
    assert "Meicirculaire 2020" in html  # a list to lock before BZK's deadline
    client.force_login(people["regio"])
    html = client.get(reverse("home")).content.decode()
    # approved 1 June 2019: July 2019's report was never filed (January 2020's was), so it leads, late
    assert "Voortgangsrapportage Vragenlijst juli 2019, uiterlijk 31 juli 2019. <strong>Te laat.</strong>" in html


def test_the_national_dashboard_charts_tables_and_exports(client, people):
    fill_regions(35, people["szw"])
    client.force_login(people["szw"])
    html = client.get(reverse("monitoring:dashboard")).content.decode()
    assert html.count('role="img"') == 4 and html.count('class="pow-chart__title"') == 4
    assert "Totaal: 945 van 3500 geambieerde matches gerealiseerd in 35 regio&#x27;s." in html
    assert "€ 35.000,00" in html  # 35 test payments of € 1.000
    rows = list(csv.reader(io.StringIO(client.get(reverse("monitoring:dashboard-export", args=["csv"]))
                                       .content.decode("utf-8-sig")), delimiter=";"))  # fmt: skip
    assert rows[0][0] == "Arbeidsmarktregio" and rows[-1] == ["Totaal", "", "", "3500", "945", "", "", ""]
    book = load_workbook(io.BytesIO(client.get(reverse("monitoring:dashboard-export", args=["xlsx"])).content))
    assert book["Regio's"].max_row == 37
    client.force_login(people["regio"])
    assert client.get(reverse("monitoring:dashboard")).status_code == 403


def test_with_350_regions_the_dashboard_pages_regions_and_totals_all(client, people):
    fill_regions(350, people["szw"])
    client.force_login(people["szw"])
    html = client.get(reverse("monitoring:dashboard") + "?pagina=10").content.decode()
    assert "Pagina 10 van 10 (350 regio’s)" in html and "Testregio 0349" in html
    assert "Totaal: 9450 van 35000 geambieerde matches gerealiseerd in 350 regio&#x27;s." in html
    rows = list(csv.reader(io.StringIO(client.get(reverse("monitoring:dashboard-export", args=["csv"]))
                                       .content.decode("utf-8-sig")), delimiter=";"))  # fmt: skip
    assert len(rows) == 352 and rows[-1][3:5] == ["35000", "9450"]
    html = client.get(reverse("monitoring:evaluations") + "?pagina=10").content.decode()
    assert "Pagina 10 van 10" in html


def test_the_region_table_and_its_exports_give_each_report_status_per_period(client, people):
    fill_regions(35, people["szw"])
    vary_reports()
    client.force_login(people["szw"])
    html = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "Rapportage Vragenlijst juli 2019</th>" in html and "Rapportage Vragenlijst januari 2020</th>" in html
    assert "Rapportage Vragenlijst juli 2020" not in html  # not open yet on 3 February 2020
    rows = list(csv.reader(io.StringIO(client.get(reverse("monitoring:dashboard-export", args=["csv"]))
                                       .content.decode("utf-8-sig")), delimiter=";"))  # fmt: skip
    assert rows[0][-2:] == ["Rapportage Vragenlijst juli 2019", "Rapportage Vragenlijst januari 2020"]
    by_region = {row[0]: row[-2:] for row in rows[1:-1]}
    # approved 1 June 2019: the July 2019 report was due and never came
    assert by_region["Twente"] == ["Ontbreekt", "Geaccepteerd"]
    assert by_region["Rijnmond"] == ["Ontbreekt", "Aanvulling gevraagd"]
    assert by_region["Groot Amsterdam"] == ["Ontbreekt", "Ingediend (te laat)"]
    assert by_region["Helmond-De Peel"] == ["Ontbreekt", "Ontbreekt"]
    assert by_region["Achterhoek"] == ["Ontbreekt", "Ingediend"]
    book = load_workbook(io.BytesIO(client.get(reverse("monitoring:dashboard-export", args=["xlsx"])).content))
    sheet = book["Regio's"]
    xlsx = {row[0]: list(row[-2:]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert xlsx["Twente"] == ["Ontbreekt", "Geaccepteerd"] and xlsx["Groot Amsterdam"][1] == "Ingediend (te laat)"
