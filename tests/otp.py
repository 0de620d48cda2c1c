"""The test suite's authenticator app: TOTP devices for users and their current code.

Production requires the second factor of every ministerie, beheerder, ondersteuningsteam and stuurgroep
user. Tests that log in with ``client.force_login`` get a verified session (tests/conftest.py does this
the way django_otp.login does after a right code); browser tests type the current code on the code page.
"""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pow_portal import second_factor


def totp_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=second_factor.TOTP_NAME, confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """What the authenticator app shows now. The device forgets the last code used and earlier wrong codes'
    waiting time, so a test may log in twice within one 30-second step (a person would wait for the next code)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"
