"""Production logs are JSON lines with a request id; security events carry ids and roles, not personal data."""

import io
import json
import logging

import pytest
from django.urls import reverse

from pow_portal.logconfig import json_formatter
from tests.factories import PASSWORD
from tests.pow_portal.test_deploy_settings import _manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def test_login_lines_are_json_with_request_id_and_no_personal_data(client, regio_user, json_lines):
    client.post(reverse("login"), {"username": regio_user.username, "password": "fout"})
    response = client.post(reverse("login"), {"username": regio_user.username, "password": PASSWORD})
    lines = json_lines()
    by_type = {line.get("event_type"): line for line in lines}
    failed, login = by_type["login_failed"], by_type["login"]
    assert failed["user_id"] == regio_user.pk and failed["level"] == "warning"
    assert login["user_id"] == regio_user.pk and login["role"] == "regio"
    assert login["request_id"] == response["X-Request-ID"] and failed["request_id"] != login["request_id"]
    assert login["logger"] == "pow_portal.security" and "timestamp" in login
    text = json.dumps(lines)
    for personal in (regio_user.username, regio_user.email, regio_user.last_name, "127.0.0.1"):
        assert personal not in text


def test_production_writes_json_and_starts_error_tracking_only_with_a_dsn():
    secret = "x7#kq!v9-" + "Lm2pZr8sT4wYb6nC1dF3gH5jK0aQeRuViOx" * 2
    code = (
        "import logging, sentry_sdk; from django.conf import settings;"
        "print(settings.LOGGING['handlers']['console']['formatter'], sentry_sdk.is_initialized());"
        "logging.getLogger('pow_portal').warning('hallo', extra={'event_type': 'x'})"
    )
    env = {"DJANGO_SETTINGS_MODULE": "pow_portal.settings.production", "DJANGO_SECRET_KEY": secret}
    env["DJANGO_ALLOWED_HOSTS"] = "pow.example.nl"
    without = _manage("shell", "-c", code, **env)
    assert without.stdout.split()[-2:] == ["json", "False"], without.stderr
    line = json.loads(without.stderr.strip().splitlines()[-1])
    assert (line["event"], line["event_type"], line["level"]) == ("hallo", "x", "warning")
    with_dsn = _manage("shell", "-c", code, SENTRY_DSN="https://public@127.0.0.1:9/1", **env)
    assert with_dsn.stdout.split()[-2:] == ["json", "True"], with_dsn.stderr


def test_every_audited_change_is_logged_once_committed_without_its_data(
    regio_user, json_lines, django_capture_on_commit_callbacks
):  # noqa: E501
    from plans import services as plan_services
    from pow_portal.models import ProgrammeRound
    from pow_portal.services import audit_log

    plan = plan_services.plan_get_or_create(region=regio_user.region, round=ProgrammeRound.objects.current())
    with django_capture_on_commit_callbacks(execute=True):
        event = audit_log(actor=regio_user, action="plan.test", obj=plan, data={"reden": "Vertrouwelijke reden"})
    line = next(line for line in json_lines() if line.get("event_type") == "audit")
    assert (line["action"], line["object_type"], line["object_id"]) == ("plan.test", "plans.plan", str(plan.pk))
    assert (line["audit_id"], line["user_id"], line["role"]) == (event.pk, regio_user.pk, "regio")
    assert "Vertrouwelijke" not in json.dumps(json_lines())
