"""Passkeys (WebAuthn, py_webauthn) as a second factor beside the authenticator app and the recovery codes.

A passkey cannot be phished along with the password: the browser signs a challenge only for this site's
address. The user adds, names and removes passkeys on the second-factor page and logs in with one on the code
page. Challenges live in the session and are used once.
"""

import json
import logging

import django_otp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from .models import Passkey
from .services import audit_log

logger = logging.getLogger(__name__)

SESSION_REGISTER = "pow_passkey_register_challenge"
SESSION_LOGIN = "pow_passkey_login_challenge"
NAME_MAX = 64
ERROR_FAILED = _("De passkey is niet gelukt. Probeer het opnieuw, of gebruik de code uit uw app.")
ERROR_NAME = _("Geef de passkey een naam van 1 tot 64 tekens, bijvoorbeeld ‘Laptop werk’.")
ERROR_MAX = _("U heeft al het grootste aantal passkeys. Verwijder er eerst een.")


def _rp_id(request) -> str:
    return settings.POW_WEBAUTHN_RP_ID or request.get_host().rsplit(":", 1)[0]


def _origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _descriptors(user):
    return [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(cid))
        for cid in Passkey.objects.filter(user=user).values_list("credential_id", flat=True)
    ]


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not 0 < len(name) <= NAME_MAX:
        raise ValidationError(ERROR_NAME, code="name")
    return name


def registration_options(request) -> str:
    """The options for the browser's navigator.credentials.create, as JSON; the challenge stays in the session."""
    user = request.user
    if Passkey.objects.filter(user=user).count() >= settings.POW_PASSKEYS_MAX:
        raise ValidationError(ERROR_MAX, code="max")
    options = generate_registration_options(
        rp_id=_rp_id(request),
        rp_name=settings.OTP_TOTP_ISSUER,
        user_id=f"pow-user-{user.pk}".encode(),
        user_name=user.username,
        user_display_name=user.get_full_name() or user.username,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED, user_verification=UserVerificationRequirement.PREFERRED
        ),
    )
    request.session[SESSION_REGISTER] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def register(*, request, name: str, credential: dict) -> Passkey:
    """Verify the browser's new credential against the session's challenge (used once) and keep it."""
    user = request.user
    name = clean_name(name)
    challenge = request.session.pop(SESSION_REGISTER, None)
    if not challenge:
        raise ValidationError(ERROR_FAILED, code="no_challenge")
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=_rp_id(request),
            expected_origin=_origin(request),
        )
    except (InvalidRegistrationResponse, ValueError, TypeError, KeyError) as error:
        logger.warning("passkey registration refused", extra={"event_type": "passkey_refused", "user_id": user.pk})
        raise ValidationError(ERROR_FAILED, code="invalid") from error
    with transaction.atomic():
        passkey, created = Passkey.objects.get_or_create(
            credential_id=bytes_to_base64url(verified.credential_id),
            defaults={
                "user": user,
                "name": name,
                "confirmed": True,
                "public_key": verified.credential_public_key,
                "sign_count": verified.sign_count,
            },
        )
        if not created:
            raise ValidationError(_("Deze passkey is al toegevoegd."), code="exists")
        audit_log(actor=user, action="passkey_added", obj=passkey)
    logger.info("passkey added", extra={"event_type": "passkey_added", "user_id": user.pk})
    return passkey


def authentication_options(request) -> str:
    """The options for navigator.credentials.get: only this user's passkeys; the challenge stays in the session."""
    options = generate_authentication_options(
        rp_id=_rp_id(request),
        allow_credentials=_descriptors(request.user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[SESSION_LOGIN] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def authenticate(*, request, credential: dict) -> Passkey:
    """Step two with a passkey: the signature over the session's challenge (used once) by one of the user's
    passkeys. Marks the session verified; raises ValidationError."""
    user = request.user
    challenge = request.session.pop(SESSION_LOGIN, None)
    raw_id = credential.get("rawId") or credential.get("id") if isinstance(credential, dict) else None
    with transaction.atomic():
        passkey = (
            Passkey.objects.select_for_update().filter(user=user, credential_id=raw_id).first()
            if challenge and isinstance(raw_id, str)
            else None
        )
        try:
            if passkey is None:
                raise InvalidAuthenticationResponse("unknown passkey or no challenge")
            verified = verify_authentication_response(
                credential=credential,
                expected_challenge=base64url_to_bytes(challenge),
                expected_rp_id=_rp_id(request),
                expected_origin=_origin(request),
                credential_public_key=bytes(passkey.public_key),
                credential_current_sign_count=passkey.sign_count,
            )
        except (InvalidAuthenticationResponse, ValueError, TypeError, KeyError) as error:
            logger.warning("passkey login refused", extra={"event_type": "otp_failed", "user_id": user.pk})
            raise ValidationError(ERROR_FAILED, code="invalid") from error
        passkey.sign_count = verified.new_sign_count
        passkey.last_used_at = timezone.now()
        passkey.save(update_fields=["sign_count", "last_used_at"])
    django_otp.login(request, passkey)
    logger.info("second factor verified", extra={"event_type": "otp_verified", "user_id": user.pk, "kind": "passkey"})
    return passkey


@transaction.atomic
def rename(*, user, passkey_id: int, name: str) -> Passkey:
    passkey = Passkey.objects.select_for_update().get(pk=passkey_id, user=user)
    old, passkey.name = passkey.name, clean_name(name)
    passkey.save(update_fields=["name"])
    audit_log(actor=user, action="passkey_renamed", obj=passkey, data={"from": old, "to": passkey.name})
    return passkey


@transaction.atomic
def remove(*, user, passkey_id: int) -> None:
    passkey = Passkey.objects.select_for_update().get(pk=passkey_id, user=user)
    audit_log(actor=user, action="passkey_removed", obj=passkey, data={"name": passkey.name})
    passkey.delete()
    logger.info("passkey removed", extra={"event_type": "passkey_removed", "user_id": user.pk})


def parse_body(request) -> dict:
    """The JSON body of a passkey request; {} when it is not JSON."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
