"""Passkeys' refusals without a browser (tests/browser/test_passkeys.py signs real ones in Chromium)."""

import json

import pytest
from django.urls import reverse
from webauthn.helpers import bytes_to_base64url

from pow_portal import second_factor
from pow_portal.constants import Role
from pow_portal.models import Passkey
from tests.factories import PASSWORD
from tests.otp import totp_device

pytestmark = pytest.mark.django_db


def _passkey(user, name="Laptop"):
    return Passkey.objects.create(
        user=user,
        name=name,
        confirmed=True,
        credential_id=bytes_to_base64url(f"cred-{user.pk}".encode()),
        public_key=b"k",
    )


def _post_json(client, name, body):
    return client.post(reverse(name), json.dumps(body), content_type="application/json", HTTP_ACCEPT="application/json")


def test_a_half_logged_in_session_cannot_add_a_passkey(client, users_by_role):
    user = users_by_role[Role.MINISTERIE]
    totp_device(user)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    response = _post_json(client, "passkey-register-options", {})
    assert response.status_code == 401 and response.json() == {"error": "second_factor"}
    assert not Passkey.objects.exists()


def test_options_for_a_verified_user_exclude_the_passkeys_they_have(client, users_by_role):
    user = users_by_role[Role.MINISTERIE]
    _passkey(user)
    client.force_login(user)
    options = _post_json(client, "passkey-register-options", {}).json()
    assert options["rp"] == {"name": "Perspectief op Werk", "id": "testserver"}
    assert [c["id"] for c in options["excludeCredentials"]] == [bytes_to_base64url(f"cred-{user.pk}".encode())]


def test_a_forged_registration_is_refused_in_dutch(client, users_by_role):
    client.force_login(users_by_role[Role.MINISTERIE])
    _post_json(client, "passkey-register-options", {})
    forged = {
        "id": "eA",
        "rawId": "eA",
        "type": "public-key",
        "response": {"clientDataJSON": "e30", "attestationObject": "oA"},
    }
    response = _post_json(client, "passkey-register", {"name": "Nep", "credential": forged})
    assert response.status_code == 400 and "De passkey is niet gelukt" in response.json()["error"]
    # the challenge was used once: trying again needs new options
    response = _post_json(client, "passkey-register", {"name": "Nep", "credential": forged})
    assert response.status_code == 400
    assert not Passkey.objects.exists()


def test_a_forged_or_replayed_passkey_login_leaves_the_session_unverified(client, users_by_role):
    user = users_by_role[Role.STUURGROEP]
    passkey = _passkey(user)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    code_page = client.get(reverse("otp-verify"))
    assert "Inloggen met een passkey" in code_page.content.decode()
    options = _post_json(client, "passkey-login-options", {}).json()
    assert [c["id"] for c in options["allowCredentials"]] == [passkey.credential_id]
    forged = {
        "id": passkey.credential_id,
        "rawId": passkey.credential_id,
        "type": "public-key",
        "response": {"clientDataJSON": "e30", "authenticatorData": "AA", "signature": "AA"},
    }
    for _attempt in range(2):
        response = _post_json(client, "passkey-login", {"credential": forged})
        assert response.status_code == 400 and "De passkey is niet gelukt" in response.json()["error"]
    assert client.get(reverse("home")).url.startswith(reverse("otp-verify"))


def test_someone_elses_passkey_cannot_be_renamed_or_removed(client, users_by_role):
    theirs = _passkey(users_by_role[Role.STUURGROEP])
    client.force_login(users_by_role[Role.MINISTERIE])
    assert client.post(reverse("passkey-rename", args=[theirs.pk]), {"name": "Van mij"}).status_code == 404
    assert client.post(reverse("passkey-remove", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Laptop"


def test_an_empty_name_is_refused_and_changes_nothing(client, users_by_role):
    user = users_by_role[Role.MINISTERIE]
    totp_device(user)
    mine = _passkey(user)
    client.force_login(user)
    response = client.post(reverse("passkey-rename", args=[mine.pk]), {"name": "   "})
    assert response.status_code == 400 and "Geef de passkey een naam" in response.content.decode()
    mine.refresh_from_db()
    assert mine.name == "Laptop"


def test_a_region_with_a_passkey_is_asked_for_the_second_factor(regio_user):
    assert not second_factor.needed(regio_user)
    _passkey(regio_user)
    assert second_factor.needed(regio_user)
