"""Print the current second-factor code of a demo account, so a newcomer logs in to the demo without a phone.

Refuses unless DEBUG is on and the account is one of load_demo's: production is unchanged."""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from pow_portal import second_factor
from pow_portal.models import User

from .load_demo import DEMO_USERS, demo_email

logger = logging.getLogger(__name__)


def demo_user(username: str) -> User:
    """The demo account ``username``; CommandError for anything else (never a real account)."""
    demo_names = {name for name, *_rest in DEMO_USERS}
    user = User.objects.filter(username=username).first() if username in demo_names else None
    if user is None or user.email != demo_email(username):
        logger.warning("demo code refused", extra={"event_type": "demo_code_refused", "reason": "not_demo"})
        raise CommandError(
            f"{username!r} is geen demo-account. Demo-accounts: {', '.join(sorted(demo_names))} "
            "(aangemaakt door `make run`)."
        )
    return user


def current_code(device) -> tuple[str, int]:
    """The code the authenticator app shows now, and the seconds it stays valid."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = time.time()
    totp.time = now
    left = device.step - int(now - device.t0) % device.step
    return f"{totp.token():0{device.digits}d}", left


class Command(BaseCommand):
    help = "Toon de huidige tweestapscode van een demo-account (alleen met DEBUG aan)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Een demo-account, bijvoorbeeld ministerie.")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            logger.warning("demo code refused", extra={"event_type": "demo_code_refused", "reason": "debug_off"})
            raise CommandError("Demo-codes alleen met DEBUG aan (ontwikkeling en demonstratie), nooit in productie.")
        user = demo_user(username)
        device = second_factor.confirmed_totp(user)
        if device is None:
            raise CommandError(f"{username} heeft geen authenticator-app ingesteld; draai `make run` opnieuw.")
        code, left = current_code(device)
        self.stdout.write(f"DEMO — code voor {username}: {code} (nog {left} seconden geldig)")
