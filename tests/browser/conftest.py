"""Browser tests in real Chromium (Debian's /usr/bin/chromium) driven by Playwright, against the live server."""

import os
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from pow_portal import second_factor
from tests.factories import PASSWORD
from tests.otp import current_code, totp_device

CHROMIUM = Path(os.environ.get("POW_CHROMIUM", "/usr/bin/chromium"))
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's package: apt-get install -y chromium "
            "(make test does this when run as root). Browser tests never skip."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    def _login(user):
        device = totp_device(user) if second_factor.needed(user) else None
        page.goto("/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        if device is not None:
            # Step two, as a person does it: the code the authenticator app shows now.
            page.get_by_label("Code").fill(current_code(device))
            page.get_by_role("button", name="Verder").click()
            page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def axe_check():
    axe = Axe()

    def _check(page):
        results = axe.run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, results.generate_report()
        return results

    return _check


def wait_until(page, expression, timeout=15.0):
    """Wait until a JavaScript expression is true. Playwright's wait_for_function evaluates its predicate with
    eval inside the page, which the portal's Content-Security-Policy forbids; page.evaluate is not affected."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(100)
