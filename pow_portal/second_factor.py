"""The second factor at login: TOTP (an authenticator app) with recovery codes (django-otp); passkeys beside
them live in passkeys.py.

Required for the roles in ``settings.POW_OTP_REQUIRED_ROLES`` and, with ``POW_OTP_REQUIRED_FOR_ALL``,
for everyone; a regio-medewerker may turn it on and is then asked for it at every login.
The secret is shown as text and as an ``otpauth://`` URI: no QR image, no external service.
"""

import logging
import re
from base64 import b32encode

import django_otp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .permissions import has_role

logger = logging.getLogger(__name__)

#: Session key caching whether this session's user must give a second factor (saves a query per request).
SESSION_NEEDED_KEY = "pow_otp_needed"
TOTP_NAME = "Authenticator-app"
RECOVERY_NAME = "Herstelcodes"

ERROR_WRONG_CODE = _("Deze code klopt niet of is verlopen. Vul de code in die uw app nu toont.")
ERROR_THROTTLED = _("Te veel verkeerde codes. Wacht even en probeer het dan opnieuw.")


def required_by_role(user) -> bool:
    return settings.POW_OTP_REQUIRED_FOR_ALL or has_role(user, *settings.POW_OTP_REQUIRED_ROLES)


def confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user) -> bool:
    """A confirmed authenticator app or a passkey: the user logs in with it, and sets up no new one without it."""
    from .models import Passkey

    return confirmed_totp(user) is not None or Passkey.objects.filter(user=user).exists()


def needed(user) -> bool:
    """Must this user give a second factor? By role or setting, or because they turned it on."""
    return required_by_role(user) or has_device(user)


def needed_for_session(request) -> bool:
    value = request.session.get(SESSION_NEEDED_KEY)
    if value is None:
        value = needed(request.user)
        request.session[SESSION_NEEDED_KEY] = value
    return value


def secret_base32(device) -> str:
    """The secret as an authenticator app wants it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_device_start(*, user) -> TOTPDevice:
    """A new, unconfirmed TOTP device for ``user`` (one at a time); confirmed by the first right code."""
    if confirmed_totp(user) is not None:
        raise ValidationError(_("U heeft de tweestapsverificatie al ingesteld."), code="exists")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def _clean(token: str) -> str:
    return re.sub(r"[\s-]", "", token or "").lower()


def _verify(device, token) -> bool:
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(ERROR_THROTTLED, code="throttled")
    return device.verify_token(token)


def totp_device_confirm(*, request, device, token) -> list[str]:
    """Confirm the new device with a code from the app; returns fresh recovery codes (shown once).

    Not one transaction: a wrong code's throttling count must stay written."""
    device = TOTPDevice.objects.get(pk=device.pk, user=request.user, confirmed=False)
    if not _verify(device, _clean(token)):
        logger.info(
            "second factor setup code wrong", extra={"event_type": "otp_setup_failed", "user_id": device.user_id}
        )
        raise ValidationError(ERROR_WRONG_CODE, code="wrong")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_create(user=request.user)
    django_otp.login(request, device)
    request.session[SESSION_NEEDED_KEY] = True
    logger.info("second factor set up", extra={"event_type": "otp_setup", "user_id": device.user_id})
    return codes


@transaction.atomic
def recovery_codes_create(*, user) -> list[str]:
    """Replace the user's recovery codes by ``POW_RECOVERY_CODE_COUNT`` new single-use codes."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.POW_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify(*, request, token):
    """Check a code from the app, or a recovery code, and mark the session verified. Raises ValidationError."""
    user = request.user
    token = _clean(token)
    model = TOTPDevice if token.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            if _verify(device, token):
                django_otp.login(request, device)
                kind = "recovery_code" if model is StaticDevice else "totp"
                logger.info(
                    "second factor verified", extra={"event_type": "otp_verified", "user_id": user.pk, "kind": kind}
                )
                return device
    logger.warning("second factor failed", extra={"event_type": "otp_failed", "user_id": user.pk, "role": user.role})
    raise ValidationError(ERROR_WRONG_CODE, code="wrong")
