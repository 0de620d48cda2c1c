"""`make demo-code USER=ministerie`: the demo's second-factor code without a phone, never in production."""

import io
import re
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pow_portal.management.commands.load_demo import DEMO_PASSWORD, demo_email
from tests.factories import UserFactory
from tests.otp import totp_device

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_ministerie(db):
    user = UserFactory(username="ministerie", ministerie=True, email=demo_email("ministerie"))
    user.set_password(DEMO_PASSWORD)
    user.save()
    totp_device(user)
    return user


def test_with_debug_on_it_prints_a_code_that_logs_in(client, demo_ministerie, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_code", "ministerie", stdout=out)
    text = out.getvalue()
    assert text.startswith("DEMO — code voor ministerie: ")
    code = re.search(r": (\d{6}) ", text).group(1)
    client.post(reverse("login"), {"username": "ministerie", "password": DEMO_PASSWORD})
    response = client.post(reverse("otp-verify"), {"token": code})
    assert response.status_code == 302 and client.get(reverse("home")).status_code == 200


def test_production_is_unchanged_debug_off_refuses(demo_ministerie, settings):
    settings.DEBUG = False
    out = io.StringIO()
    with pytest.raises(CommandError, match="alleen met DEBUG aan"):
        call_command("demo_code", "ministerie", stdout=out)
    assert out.getvalue() == ""


@pytest.mark.parametrize("username", ["ministerie", "r-szw", "nobody"])
def test_only_demo_accounts(username, settings, make_user):
    settings.DEBUG = True
    # a real account, even one called like a demo account, is refused: it lacks load_demo's address
    make_user(username="ministerie", ministerie=True, email="m.visser@minszw.nl")
    make_user(username="r-szw", ministerie=True)
    with pytest.raises(CommandError, match="geen demo-account"):
        call_command("demo_code", username, stdout=io.StringIO())


def test_production_settings_refuse_from_the_command_line(settings):
    """The real command under the production settings module, as an operator would run it."""
    env = {
        "DJANGO_SETTINGS_MODULE": "pow_portal.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "pow.example.nl",
        "DJANGO_DEBUG": "true",  # even asked for, production keeps DEBUG off
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "demo_code", "ministerie"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "alleen met DEBUG aan" in result.stderr
