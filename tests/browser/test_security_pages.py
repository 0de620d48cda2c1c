"""The security pages in real Chromium: lockout, second factor set-up and code, audit trail, error pages;
axe (WCAG 2.1 AA) on each, and the section editor (TinyMCE) under the CSP without a single violation."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from plans import services as plan_services
from pow_portal.constants import Role
from pow_portal.models import AuditEvent, ProgrammeRound
from tests.factories import PASSWORD
from tests.otp import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password_step(page, username, password=PASSWORD):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_the_lockout_page_after_ten_wrong_passwords(page, axe_check, regio_user):
    for _ in range(10):
        _password_step(page, regio_user.username, "verkeerd-wachtwoord")
    _password_step(page, regio_user.username)  # the right one, too late
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen tijdelijk geblokkeerd"
    assert "Er is 10 keer een verkeerd wachtwoord ingevuld" in page.locator("main").inner_text()
    axe_check(page)


def test_setting_up_the_app_then_logging_in_with_a_code(page, axe_check, users_by_role):
    user = users_by_role[Role.MINISTERIE]
    _password_step(page, user.username)
    assert page.get_by_role("heading", level=1).inner_text() == "Tweestapsverificatie instellen"
    secret = page.get_by_test_id("otp-secret").inner_text()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret.replace(" ", "") in device.config_url
    axe_check(page)
    page.get_by_label("Code uit de app").fill("000000")
    page.get_by_role("button", name="Instellen").click()
    assert page.get_by_role("alert").first.is_visible()
    axe_check(page)
    page.get_by_label("Code uit de app").fill(current_code(device))
    page.get_by_role("button", name="Instellen").click()
    assert page.get_by_test_id("recovery-codes").locator("li").count() == 10
    axe_check(page)
    page.get_by_role("link", name="Verder naar het portaal").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Besluiten en betalingen"

    page.get_by_role("button", name="Uitloggen").click()
    _password_step(page, user.username)
    assert page.get_by_role("heading", level=1).inner_text() == "Code invullen"
    axe_check(page)
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Verder").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Besluiten en betalingen"


def test_audit_trail_and_error_pages(page, login, axe_check, users_by_role, regio_user):
    AuditEvent.objects.create(actor=regio_user, action="plan.ingediend", object_type="plan", object_id="1")
    login(users_by_role[Role.MINISTERIE])
    page.get_by_role("link", name="Audittrail").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Audittrail"
    axe_check(page)
    page.goto("/bestaat-niet/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"
    axe_check(page)
    page.goto("/beheer/pow_portal/user/")  # users are the beheerder's
    assert page.get_by_role("heading", level=1).inner_text() == "Geen toegang"
    axe_check(page)


def _plan(user):
    return plan_services.plan_get_or_create(region=user.region, round=ProgrammeRound.objects.current())


def test_the_section_editor_runs_under_the_csp_without_violations(page, login, regio_user, open_round):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    login(regio_user)
    response = page.goto(f"/plannen/{_plan(regio_user).pk}/onderdeel/analyse/")
    directives = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";"))
    assert directives["script-src"] == "'self'"
    page.wait_for_selector(".tox-edit-area iframe")
    page.keyboard.type("Getypt onder de CSP.")
    assert page.locator(".tox-tinymce").first.is_visible()
    assert violations == []


@pytest.mark.urls("tests.pow_portal.error_urls")
def test_the_500_and_400_pages_are_accessible(page, axe_check):
    response = page.goto("/test-fout/")
    assert response.status == 500
    assert page.get_by_role("heading", level=1).inner_text() == "Er ging iets mis"
    assert "hunter2" not in page.content()
    axe_check(page)
    response = page.goto("/test-verdacht/")
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == "Ongeldig verzoek"
    axe_check(page)
