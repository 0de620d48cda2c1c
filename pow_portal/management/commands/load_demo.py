"""Create the demo accounts of the README. Never in production: it refuses unless DEBUG is on."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from pow_portal import second_factor
from pow_portal.constants import Role
from pow_portal.models import Arbeidsmarktregio, User

DEMO_PASSWORD = "demo-pow-2019"  # noqa: S105 - demo accounts only, documented in the README

DEMO_USERS = [
    ("regio.helmond", "Anna", "de Vries", Role.REGIO, "Helmond-De Peel"),
    ("regio.hollandrijnland", "Pieter", "Jansen", Role.REGIO, "Holland Rijnland"),
    ("ondersteuningsteam", "Fatima", "El Amrani", Role.ONDERSTEUNINGSTEAM, None),
    ("stuurgroep", "Joost", "Bakker", Role.STUURGROEP, None),
    ("ministerie", "Marieke", "Visser", Role.MINISTERIE, None),
    ("beheerder", "Kees", "Mulder", Role.BEHEERDER, None),
]


def demo_email(username: str) -> str:
    """The address of a demo account: how demo_code tells a demo account from a real one."""
    return f"{username}@demo.pow.example.nl"


class Command(BaseCommand):
    help = "Maak de demo-accounts aan (alleen voor ontwikkeling en demonstratie)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Ook als DEBUG uit staat (nooit in productie).")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError("Demo-accounts worden alleen aangemaakt met DEBUG aan (of --force).")
        for username, first, last, role, region_name in DEMO_USERS:
            region = Arbeidsmarktregio.objects.get(name=region_name) if region_name else None
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": demo_email(username),
                    "role": role,
                    "region": region,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            self.stdout.write(f"{'aangemaakt' if created else 'bestond al'}: {username} ({role.label})")
            # The second factor comes set up: add the secret to an authenticator app (README, "Demo accounts").
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                user=user, name=second_factor.TOTP_NAME, confirmed=True
            )
            self.stdout.write(f"    TOTP-sleutel: {second_factor.secret_base32(device)}")
            self.stdout.write(f"    {device.config_url}")
        # The apps above the core add their demo data (review: a round open today with its circulaires).
        for step in settings.POW_DEMO_STEPS:
            import_string(step)(self.stdout)
