"""Reflow (WCAG 2.1 SC 1.4.10): every page of every role, at 320 and at 1,280 CSS px, in Chromium, has no
horizontal scrolling; only a wide table may scroll, inside its own labelled container. The pages are those of
the access table (tests/site/access_policy.py) that each visitor may open, in the whole-site test world (of
Beheer, Django's admin, each kind of page for a few models).

Each visitor gets one browser context with a session made by the test client, and each page is loaded once and
measured at both widths (the window is resized, not reloaded). The same pass checks that every number in an
attribute parses and every prefilled date field shows its date."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.page_checks import (
    horizontal_overflow,
    numeric_attributes_that_do_not_parse,
    prefilled_dates_not_shown,
)
from tests.site.access_policy import POLICY
from tests.site.conftest import world  # noqa: F401  (the whole-site test world, as a fixture)
from tests.site.test_access_generated import _url, url_names

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 1280)


def _pages_per_user(site):
    """{user (None: anonymous): [url, ...]}: every whole page (no htmx fragment) a visitor may GET."""
    pages = {}
    for name, pattern in sorted(url_names().items(), key=lambda item: str(item[0])):
        row = POLICY[name]
        if row.get("fragment") or (str(name).startswith("admin:") and not _admin_sample(str(name))):
            continue
        url, source, _data = _url(name, pattern, row, site)
        for visitor in row["GET"]:
            user = site["visitors"][visitor]
            if isinstance(user, dict):
                user = user.get(source, user["A"])
            pages.setdefault(user, set()).add(url)
    return pages


#: Beheer is Django's admin: one layout per kind of page, so a few models stand for all of them.
ADMIN_SAMPLE_MODELS = ("pow_portal_user", "plans_plan", "review_circulaire", "monitoring_evaluation")


def _admin_sample(name: str) -> bool:
    return name in ("admin:index", "admin:app_list", "admin:password_change") or any(
        name.startswith(f"admin:{model}_") for model in ADMIN_SAMPLE_MODELS
    )


def _open(page, url) -> bool:
    """Load a page; False for what is no HTML page (a download, a PDF, JSON) or not there for this visitor."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in error.message or "ERR_ABORTED" in error.message:
            return False
        raise
    assert response.status < 500, f"{url}: {response.status}"
    return response.ok and response.headers.get("content-type", "").startswith("text/html")


def _context(browser, live_server, user):
    context = browser.new_context(locale="nl-NL", base_url=live_server.url, viewport={"width": 1280, "height": 800})
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


def test_every_page_of_every_role_reflows_at_320_and_1280_px(browser, live_server, world):  # noqa: F811
    started = time.monotonic()
    pages = _pages_per_user(world)
    problems, visited = [], 0
    for user, urls in pages.items():
        context = _context(browser, live_server, user)
        page = context.new_page()
        page.set_default_timeout(15_000)
        who = user.username if user else "anoniem"
        for url in sorted(urls):
            page.set_viewport_size({"width": 1280, "height": 800})
            if not _open(page, url):
                continue
            assert page.evaluate("document.documentElement.lang") == "nl"
            visited += 1
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                problems += [f"{who} {url} at {width} px: {p}" for p in horizontal_overflow(page)]
            problems += [f"{who} {url}: attribute {a}" for a in numeric_attributes_that_do_not_parse(page)]
            problems += [f"{who} {url}: date field shown empty {d}" for d in prefilled_dates_not_shown(page)]
        context.close()
    took = time.monotonic() - started
    print(f"\nreflow: {visited} pages for {len(pages)} visitors in {took:.1f} s")
    if os.environ.get("POW_REFLOW_DUMP"):
        Path(os.environ["POW_REFLOW_DUMP"]).write_text("\n".join(problems))
    assert visited > 100
    assert not problems, "\n".join(problems[:120])


def test_the_menu_folds_behind_a_button_on_a_narrow_screen(page, login, axe_check, users_by_role):
    from pow_portal.constants import Role

    login(users_by_role[Role.MINISTERIE])
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    toggle = menu.get_by_role("button", name="Menu")
    # Wide: the twelve items wrap inside the window, no button.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not toggle.is_visible() and menu.get_by_role("link", name="Tweestapsverificatie").is_visible()
    assert horizontal_overflow(page) == []
    # Narrow: the button shows the menu and hides it again, by keyboard too.
    page.set_viewport_size({"width": 320, "height": 800})
    # The menu's script follows the media query's change event, which comes after the resize: wait for it.
    expect(toggle).to_be_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    expect(menu.get_by_role("link", name="Besluiten")).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name="Besluiten").is_visible()
    assert horizontal_overflow(page) == []
    axe_check(page)
    page.keyboard.press("Tab")  # into the menu
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "pow-nav-list"
    page.keyboard.press(" ")
    assert toggle.get_attribute("aria-expanded") == "true"
    with page.expect_navigation():
        menu.get_by_role("link", name="Besluiten").click()
    assert page.url.endswith("/beoordeling/besluiten/")
