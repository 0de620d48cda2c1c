"""Passkeys in real Chromium with a virtual authenticator (the DevTools WebAuthn domain): added, named, used to
log in and removed on the second-factor page, with the mouse and with the keyboard only."""

import pytest

from pow_portal.constants import Role
from pow_portal.models import AuditEvent, Passkey
from tests.browser.test_keyboard_only import button, keyboard_login, tab_to
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECOND_FACTOR_PAGE = "/account/tweestapsverificatie/"


def virtual_authenticator(page):
    """A platform authenticator that holds passkeys and verifies the user (as a fingerprint would)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    return cdp, authenticator


def password_only(page, user):
    """Step one of logging in, by mouse: the code page follows."""
    page.context.clear_cookies()
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inloggen/code/**")


def test_add_name_log_in_with_and_remove_a_passkey(page, login, users_by_role, axe_check):
    user = users_by_role[Role.MINISTERIE]
    login(user)
    cdp, authenticator = virtual_authenticator(page)
    page.goto(SECOND_FACTOR_PAGE)
    assert page.get_by_text("U heeft nog geen passkey.").is_visible()
    page.get_by_label("Naam van de nieuwe passkey").fill("Laptop werk")
    page.get_by_role("button", name="Passkey toevoegen").click()
    page.get_by_text("De passkey is toegevoegd.").wait_for()
    passkey = Passkey.objects.get(user=user)
    assert passkey.name == "Laptop werk"
    axe_check(page)

    page.get_by_label("Naam van passkey ‘Laptop werk’").fill("Werklaptop")
    page.get_by_role("button", name="Naam opslaan van ‘Laptop werk’").click()
    page.get_by_text("De naam van de passkey is opgeslagen.").wait_for()
    passkey.refresh_from_db()
    assert passkey.name == "Werklaptop"

    password_only(page, user)
    page.get_by_role("button", name="Inloggen met een passkey").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)
    assert page.get_by_role("heading", level=1).count() == 1
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None and passkey.sign_count >= 1
    [credential] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert credential["signCount"] >= 1

    page.goto(SECOND_FACTOR_PAGE)
    page.get_by_role("button", name="Verwijderen ‘Werklaptop’").click()
    page.get_by_text("De passkey is verwijderd.").wait_for()
    assert not Passkey.objects.filter(user=user).exists()
    actions = set(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert {"passkey_added", "passkey_renamed", "passkey_removed"} <= actions


def test_a_passkey_with_the_keyboard_only(page, users_by_role):
    user = users_by_role[Role.STUURGROEP]
    keyboard_login(page, user)
    virtual_authenticator(page)
    page.goto(SECOND_FACTOR_PAGE)
    tab_to(page, "the new passkey's name", "el.id === 'passkey-new-name'")
    page.keyboard.type("Telefoon")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("De passkey is toegevoegd.").wait_for()
    assert Passkey.objects.get(user=user).name == "Telefoon"

    page.context.clear_cookies()
    keyboard_login(page, user, second_step=False)
    tab_to(page, "the passkey button", button("Inloggen met een passkey"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/inloggen/" not in page.url
    assert Passkey.objects.get(user=user).last_used_at is not None
