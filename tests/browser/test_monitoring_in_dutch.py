"""Monitoring as its users see it, in Dutch: the dashboard's charts draw their bars and their text at the small
print's size, every number in an attribute parses, prefilled date fields show their date."""

import datetime
from pathlib import Path

import pytest

from pow_portal.models import Arbeidsmarktregio
from review.models import StuurgroepMeeting
from tests.browser.page_checks import date_inputs, numeric_attributes_that_do_not_parse, prefilled_dates_not_shown
from tests.browser.test_payment_lists import advised_plan
from tests.factories import UserFactory
from tests.monitoring.bulk import fill_regions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date(2020, 2, 3)

CHARTS_JS = """() => Array.from(document.querySelectorAll('.pow-chart')).map(chart => ({
  title: chart.querySelector('.pow-chart__title').textContent,
  bars: Array.from(chart.querySelectorAll('rect.pow-chart__bar')).map(r => r.getBoundingClientRect().width),
}))"""

# The smallest rendered text in the charts, against the body's small print (.pow-meta) on the same page.
FONT_SIZES_JS = """() => {
  const probe = document.createElement('span');
  probe.className = 'pow-meta';
  probe.textContent = 'x';
  document.querySelector('main').appendChild(probe);
  const small = parseFloat(getComputedStyle(probe).fontSize);
  probe.remove();
  const sizes = [];
  for (const chart of document.querySelectorAll('.pow-chart')) {
    const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim()) continue;
      const el = node.parentElement;
      const scale = el.getScreenCTM ? el.getScreenCTM().a : 1;  // SVG text shrinks with its drawing
      sizes.push(parseFloat(getComputedStyle(el).fontSize) * scale);
    }
  }
  return {small, smallest: Math.min(...sizes), count: sizes.length};
}"""


@pytest.fixture
def dashboard_world(monkeypatch):
    monkeypatch.setattr("pow_portal.clock.today", lambda: TODAY)
    szw = UserFactory(username="szw-nl", ministerie=True)
    fill_regions(35, szw)
    return szw


def test_every_chart_draws_its_bars_and_every_number_in_an_attribute_parses(page, login, axe_check,
                                                                             dashboard_world):  # fmt: skip
    login(dashboard_world)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/monitoring/dashboard/")
        assert page.evaluate("document.documentElement.lang") == "nl"
        charts = page.evaluate(CHARTS_JS)
        assert len(charts) == 4
        for chart in charts:
            assert chart["bars"] and max(chart["bars"]) > 20, chart  # the largest value fills a real bar
        assert numeric_attributes_that_do_not_parse(page) == []
    axe_check(page)


def test_chart_text_is_at_least_the_small_print_at_every_width(page, login, dashboard_world):
    login(dashboard_world)
    for width in (320, 768, 1280, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/monitoring/dashboard/")
        sizes = page.evaluate(FONT_SIZES_JS)
        assert sizes["count"] > 100
        assert sizes["smallest"] >= sizes["small"] >= 12, (width, sizes)


def test_prefilled_date_fields_show_their_iso_date(page, login, axe_check, dashboard_world):
    szw = dashboard_world
    sg = UserFactory(username="sg-nl", stuurgroep=True)
    meeting = StuurgroepMeeting.objects.create(date=datetime.date(2020, 1, 23))
    Arbeidsmarktregio.objects.create(code="X99", name="Proefregio", centrumgemeente="Proefstad")
    advised_plan("Proefregio", sg, meeting)  # every other region has an approved plan
    login(szw)
    # The decision form starts at today; the evaluation form at today.
    page.goto("/beoordeling/besluiten/")
    fields = date_inputs(page)
    assert [f["shown"] for f in fields] == ["2020-02-03"], fields
    assert prefilled_dates_not_shown(page) == []
    axe_check(page)
    page.goto("/monitoring/evaluatie/")
    page.get_by_role("link", name="Helmond-De Peel").first.click()
    assert page.get_by_label("Datum evaluatie").input_value() == "2020-02-03"
    assert prefilled_dates_not_shown(page) == []
    axe_check(page)
    # The stuurgroep's advice form starts at its meeting's date.
    page.context.clear_cookies()
    login(sg)
    page.goto(f"/beoordeling/stuurgroep/{meeting.pk}/")
    assert prefilled_dates_not_shown(page) == []


def test_a_second_evaluation_from_a_stale_tab_is_told_the_region_was_evaluated(page, login, axe_check,
                                                                                dashboard_world):  # fmt: skip
    from monitoring.models import Evaluation

    login(dashboard_world)
    page.goto("/monitoring/evaluatie/")
    page.get_by_role("link", name="Twente").first.click()
    second = page.context.new_page()
    second.goto(page.url)  # the same form, open in a second tab
    for tab, reasons in ((page, "Goede voortgang in Twente."), (second, "Tweede tab: nog eens.")):
        tab.get_by_label("Goede voortgang", exact=True).check()
        tab.get_by_label("Motivering").fill(reasons)
        with tab.expect_navigation():
            tab.get_by_role("button", name="Evaluatie vastleggen").click()
    alert = second.get_by_role("alert")
    assert "De voortgang van Twente is al geëvalueerd (vastgesteld op 3 februari 2020)" in alert.inner_text()
    assert "Geen toegang" not in second.content()
    assert "Tweede tab: nog eens." in alert.inner_text()  # what was typed is not lost
    alert.get_by_role("link", name="Bekijk die evaluatie").click()
    assert second.get_by_text("Goede voortgang in Twente.").is_visible()
    assert Evaluation.objects.filter(plan__region__name="Twente").count() == 1
    axe_check(second)


def _on_the_region_page(page, region):
    assert page.url.endswith(f"/monitoring/regio/{region.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Voortgang {region.name}"
    assert page.get_by_role("button", name="Dossier samenstellen (zip)").is_visible()


def test_the_region_page_and_its_dossier_are_reachable_from_dashboard_evaluations_and_queue(
    page, login, axe_check, dashboard_world
):
    from pow_portal.models import Arbeidsmarktregio as Region

    twente = Region.objects.get(name="Twente")
    login(dashboard_world)
    page.goto("/monitoring/dashboard/")
    page.get_by_role("table", name="Per regio").get_by_role("link", name="Twente", exact=True).click()
    _on_the_region_page(page, twente)
    axe_check(page)
    page.goto("/monitoring/evaluatie/")
    page.get_by_role("link", name="regio en dossier Twente").click()
    _on_the_region_page(page, twente)
    page.goto("/monitoring/evaluatie/")
    page.get_by_role("link", name="Twente", exact=True).click()
    page.get_by_role("link", name="Regiopagina en dossier van Twente").click()
    _on_the_region_page(page, twente)
    page.goto("/beoordeling/?status=goedgekeurd&sort=regio&richting=af")
    page.get_by_role("link", name="regio en dossier Twente").click()
    _on_the_region_page(page, twente)
    # and from the report pages
    page.goto("/monitoring/")
    page.get_by_role("link", name="regio en dossier Twente").first.click()
    _on_the_region_page(page, twente)
    page.goto("/monitoring/")
    page.get_by_role("link", name="Twente — Vragenlijst januari 2020").first.click()
    page.get_by_role("link", name="Regiopagina en dossier van Twente").click()
    _on_the_region_page(page, twente)


def test_the_dashboard_and_its_export_give_each_region_s_report_status_per_period(page, login, dashboard_world):
    import csv
    import io

    from tests.monitoring.bulk import vary_reports

    vary_reports()
    login(dashboard_world)
    page.goto("/monitoring/dashboard/")
    table = page.get_by_role("table", name="Per regio")
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers[-2:] == ["Rapportage Vragenlijst juli 2019", "Rapportage Vragenlijst januari 2020"]
    cells = {
        name: table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name)).get_by_role("cell")
        for name in ("Twente", "Rijnmond", "Groot Amsterdam", "Helmond-De Peel")
    }
    assert cells["Twente"].all_inner_texts()[-2:] == ["Ontbreekt", "Geaccepteerd"]
    assert cells["Rijnmond"].all_inner_texts()[-1] == "Aanvulling gevraagd"
    assert cells["Groot Amsterdam"].all_inner_texts()[-1] == "Ingediend (te laat)"
    assert cells["Helmond-De Peel"].all_inner_texts()[-1] == "Ontbreekt"
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert {row[0]: row[-1] for row in rows}["Groot Amsterdam"] == "Ingediend (te laat)"
