import pytest

from pow_portal.constants import Role
from tests.pow_portal.test_views import START_HEADINGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_has_no_wcag_violations(page, axe_check):
    page.goto("/inloggen/")
    assert page.title() == "Inloggen | Perspectief op Werk"
    axe_check(page)


def test_login_errors_have_no_wcag_violations(page, axe_check, regio_user):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(regio_user.username)
    page.get_by_label("Wachtwoord").fill("verkeerd-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("alert").first.is_visible()
    axe_check(page)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_to_an_accessible_start_page(page, login, axe_check, users_by_role, role):
    login(users_by_role[role])
    assert page.get_by_role("heading", level=1).inner_text() == START_HEADINGS[role]
    axe_check(page)


def test_skip_link_moves_focus_to_main(page, login, users_by_role):
    login(users_by_role[Role.REGIO])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
