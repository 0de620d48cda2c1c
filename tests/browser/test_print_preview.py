"""The live print preview beside the section editor, in Chromium: A4 page frames, the browser's gauge at once,
the exact measure after the save, collapsible, under the CSP."""

import pytest

from plans.models import Plan
from tests.browser.conftest import wait_until
from tests.factories import PlanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "<p>" + "Een lange toelichting op de ambitie die veel te veel ruimte inneemt. " * 120 + "</p>"
READY = "document.getElementById('print-preview').dataset.previewReady === 'true'"
FIGURE = "document.querySelector('#gauge [data-gauge-figure]').textContent"


def _editor(page, part):
    wait_until(page, f"window.tinymce && tinymce.get('id_part_{part}') && tinymce.get('id_part_{part}').initialized")


def _type(page, part, html):
    """What TinyMCE does on a keystroke: the content changes and an input event follows."""
    page.evaluate(
        "([id, html]) => { const ed = tinymce.get(id); ed.setContent(html); ed.fire('input'); }",
        [f"id_part_{part}", html],
    )


def _marks(page):
    return page.evaluate(
        "() => Array.from(document.querySelector('#print-preview iframe').contentDocument"
        ".querySelectorAll('.pow-mark'), m => m.textContent)"
    )


def test_the_preview_shows_the_pages_at_once_and_the_exact_measure_follows(page, login, axe_check, regio_user):
    plan = PlanFactory(by=regio_user)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    login(regio_user)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/plannen/{plan.pk}/onderdeel/analyse/")
    _editor(page, "tekst")
    wait_until(page, READY)
    assert _marks(page) == ["einde pagina 1", "hier eindigt pagina 2 van 2"]
    assert page.get_by_role("button", name="Afdrukvoorbeeld verbergen").get_attribute("aria-expanded") == "true"
    axe_check(page)

    _type(page, "tekst", LONG * 3)
    wait_until(page, f"{FIGURE}.startsWith('voorbeeld:') && {FIGURE}.includes('van 2 A4')", timeout=15)
    announced = page.locator("#gauge-announce").text_content()
    assert announced.startswith("voorbeeld:") and "te lang" in announced
    assert "Te lang" in page.locator("#gauge").inner_text()
    assert len(_marks(page)) >= 3  # more pages than the limit: every page end is shown
    wait_until(page, f"{FIGURE}.startsWith('gemeten:')")  # the autosave, then the exact measure
    row = Plan.objects.get(pk=plan.pk).sections.get(section="analyse")
    assert row.pages > 2 and row.parts["tekst"].startswith("<p>Een lange")

    page.get_by_role("button", name="Afdrukvoorbeeld verbergen").click()
    toggle = page.get_by_role("button", name="Afdrukvoorbeeld tonen")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#print-preview iframe").is_visible() or page.evaluate(
        "document.getElementById('preview-pages-view').inert"
    )
    _type(page, "tekst", "<p>Kort.</p>")  # collapsed, the gauge still follows the layout
    wait_until(page, f"{FIGURE}.startsWith('voorbeeld: 0,1 van 2')", timeout=15)
    toggle.click()
    assert page.get_by_role("button", name="Afdrukvoorbeeld verbergen").is_visible()
    assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m], messages


def test_on_a_narrow_screen_the_preview_is_a_toggle_and_covers_tables(page, login, axe_check, regio_user):
    plan = PlanFactory(drafted=True, by=regio_user)
    login(regio_user)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"/plannen/{plan.pk}/onderdeel/instrumenten/")
    wait_until(page, READY)
    toggle = page.get_by_role("button", name="Afdrukvoorbeeld tonen")
    assert toggle.get_attribute("aria-expanded") == "false"
    before = page.evaluate(FIGURE)
    page.get_by_role("button", name="Regel toevoegen").click()
    page.locator("#id_rows-1-party").wait_for()
    page.locator("#id_rows-1-party").fill("Gemeente Helmond")
    page.locator("#id_rows-1-instrument").fill("Loonkostensubsidie " * 40)
    page.locator("#id_rows-1-money").fill("1250000.5")
    cells = (
        "Array.from(document.querySelector('#print-preview iframe').contentDocument"
        ".querySelectorAll('tbody tr:last-child td'), td => td.textContent)"
    )
    wait_until(page, f"{FIGURE} !== {before!r} && {cells}[2] === '€ 1.250.000,50'", timeout=15)
    assert page.evaluate(cells)[0] == "Gemeente Helmond"
    toggle.click()
    assert page.locator("#print-preview iframe").is_visible()
    box = page.locator("#print-preview").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box  # reflows at 320 CSS px
    axe_check(page)
