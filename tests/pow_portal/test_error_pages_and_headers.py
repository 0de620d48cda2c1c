"""Security headers (CSP, no-store, request id), Dutch error pages that show no internals, and /health/."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from pow_portal.constants import Role

pytestmark = pytest.mark.django_db
INTERNALS = ("Traceback", "secret internals", "hunter2", "db-host-7", "URLconf", "Django")


def _assert_portal_page(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert heading in html
    assert 'class="pow-header"' in html and '<html lang="nl"' in html
    for leak in INTERNALS:
        assert leak not in html, leak
    return html


def test_404_is_dutch_and_in_the_portals_look(client):
    _assert_portal_page(client.get("/bestaat-niet/"), 404, "Pagina niet gevonden")


def test_403_is_dutch_and_logged_by_id_and_role(client, regio_user, caplog):
    client.force_login(regio_user)
    html = _assert_portal_page(client.get(reverse("review:queue")), 403, "Geen toegang")
    assert "Er is niets gewijzigd" in html
    denied = [r for r in caplog.records if getattr(r, "event_type", "") == "access_denied"]
    assert denied and (denied[0].user_id, denied[0].role, denied[0].url_name) == (
        regio_user.pk,
        Role.REGIO,
        "review:queue",
    )
    assert regio_user.username not in denied[0].getMessage()


@pytest.mark.urls("tests.pow_portal.error_urls")
def test_500_is_dutch_and_hides_the_error(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        _assert_portal_page(client.get("/test-fout/"), 500, "Er ging iets mis")


@pytest.mark.urls("tests.pow_portal.error_urls")
def test_400_is_dutch_and_hides_the_reason():
    client = Client(raise_request_exception=False)
    _assert_portal_page(client.get("/test-verdacht/"), 400, "Ongeldig verzoek")


def test_html_pages_carry_a_csp_without_inline_script_or_eval(client, regio_user):
    for response in (client.get(reverse("login")), _logged_in(client, regio_user).get(reverse("home"))):
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'"
        assert "unsafe" not in directives["script-src"] and "unsafe" not in directives["default-src"]
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def _logged_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", list(Role))
def test_every_logged_in_page_is_no_store(client, users_by_role, role):
    client.force_login(users_by_role[role])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_request_id_comes_back_and_a_sane_incoming_one_is_kept(client):
    assert len(client.get(reverse("login"))["X-Request-ID"]) == 32
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID="proxy-1234abcd")["X-Request-ID"] == "proxy-1234abcd"
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


def test_health_tells_anonymous_callers_only_up_or_down(client, monkeypatch, settings, users_by_role):
    assert client.get(reverse("health")).json() == {"status": "ok"}

    def refused():
        raise ConnectionError("Error 111 connecting to redis-internal:6379. Connection refused.")

    monkeypatch.setattr("pow_portal.health.check_cache", refused)
    response = client.get(reverse("health"))
    assert response.status_code == 503 and response.json() == {"status": "error"}
    assert "redis-internal" not in response.content.decode()
    settings.POW_HEALTH_TOKEN = "monitoring-token-123"
    assert "checks" not in client.get(reverse("health"), HTTP_AUTHORIZATION="Bearer wrong").json()
    detailed = client.get(reverse("health"), HTTP_AUTHORIZATION="Bearer monitoring-token-123").json()
    assert detailed["checks"]["cache"]["ok"] is False and "redis-internal" in detailed["checks"]["cache"]["detail"]
    client.force_login(users_by_role[Role.BEHEERDER])
    assert "checks" in client.get(reverse("health")).json()
    client.force_login(users_by_role[Role.MINISTERIE])
    assert "checks" not in client.get(reverse("health")).json()
