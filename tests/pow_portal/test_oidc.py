"""Sign-in through the organisation against a real OpenID Connect provider (django-oidc-provider) running as its
own server process with its own database; the portal's live server talks to it over HTTP, and a requests session
plays the browser between the two."""

import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from pow_portal import oidc
from pow_portal.constants import Role
from pow_portal.models import AuditEvent, OIDCIdentity, User
from tests.factories import PASSWORD as PASSWORD_PORTAL
from tests.oidc_provider.seed import CLIENT_ID, CLIENT_SECRET, PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
CALLBACK = "/inloggen/organisatie/terug/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def provider(live_server, tmp_path_factory, django_db_blocker):
    """The identity provider: migrated, seeded with the portal as client, serving on a free port."""
    from django.conf import settings

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_TEST_PROVIDER_URL": url,
        "OIDC_TEST_PROVIDER_DB": str(tmp_path_factory.mktemp("oidc-provider") / "provider.sqlite3"),
    }
    cwd = settings.BASE_DIR
    subprocess.run([sys.executable, "-m", "tests.oidc_provider.seed", live_server.url], env=env, cwd=cwd, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    issuer = f"{url}/openid"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.fail("the test identity provider did not start")
        time.sleep(0.2)
    yield issuer
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def sso(provider, settings):
    settings.POW_OIDC_PROVIDER_URL = provider
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.POW_OIDC_GROUP_ROLES = {"szw-pow": Role.MINISTERIE, "pow-beheer": Role.BEHEERDER}
    oidc._discovery.cache_clear()
    return provider


class Browser:
    """A requests session that follows redirects between the portal and the provider, as a browser does."""

    def __init__(self, portal_url):
        self.portal = portal_url
        self.session = requests.Session()

    def get(self, url, **kwargs):
        return self.session.get(url if url.startswith("http") else self.portal + url, timeout=30, **kwargs)

    def start(self, **kwargs):
        return self.get(reverse("oidc_authentication_init"), **kwargs)

    def provider_login(self, page, username):
        """Fill in the provider's login form; stop before the provider sends the browser back to the portal."""
        assert "/login/" in page.url, page.url
        token = self.session.cookies.get("provider_csrf")
        next_url = re.search(r'name="next" value="([^"]*)"', page.text).group(1).replace("&amp;", "&")
        response = self.session.post(
            page.url,
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": next_url},
            allow_redirects=False,
            timeout=30,
        )
        # the provider's authorize page answers with the redirect to the portal's callback
        while CALLBACK not in response.headers.get("Location", ""):
            assert response.is_redirect, (response.status_code, response.text[:500])
            location = response.headers["Location"]
            location = location if location.startswith("http") else page.url.split("/login/")[0] + location
            response = self.session.get(location, allow_redirects=False, timeout=30)
        return response.headers["Location"]

    def sign_in(self, username):
        callback = self.provider_login(self.start(), username)
        return callback, self.get(callback)

    def portal_post(self, path):
        self.get(reverse("login"))
        token = self.session.cookies.get("csrftoken", domain=urlsplit(self.portal).hostname + ".local") or next(
            c.value for c in self.session.cookies if c.name == "csrftoken"
        )
        return self.session.post(self.portal + path, data={"csrfmiddlewaretoken": token}, timeout=30)


@pytest.fixture
def browser_session(live_server):
    return Browser(live_server.url)


def test_unconfigured_nothing_changes(client):
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen via uw organisatie" not in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_a_new_user_with_a_role_from_the_group_claim_and_the_providers_second_factor(sso, browser_session):
    page = browser_session.get(reverse("login"))
    assert "Inloggen via uw organisatie" in page.text
    callback, landed = browser_session.sign_in("m.visser")
    assert landed.status_code == 200 and landed.url.rstrip("/").endswith(urlsplit(browser_session.portal).netloc)
    user = User.objects.get(email="m.visser@minszw.nl")
    assert user.role == Role.MINISTERIE and user.username == "m.visser"
    identity = OIDCIdentity.objects.get(user=user)
    assert identity.issuer == sso and identity.sub
    assert AuditEvent.objects.filter(action="sso_role_set", object_id=str(user.pk)).exists()
    # amr says "mfa": the portal asks no code of its own and the ministry's pages open
    decisions = browser_session.get(reverse("review:decisions"))
    assert decisions.status_code == 200 and decisions.url.endswith(reverse("review:decisions"))


def test_without_the_providers_second_factor_the_portal_asks_its_own(sso, browser_session):
    _callback, landed = browser_session.sign_in("j.devries")
    assert urlsplit(landed.url).path == reverse("otp-setup")  # ministerie: the portal's own second factor
    assert User.objects.get(email="j.devries@minszw.nl").role == Role.MINISTERIE


def test_the_same_sub_finds_the_same_user_again(sso, live_server):
    first = Browser(live_server.url)
    first.sign_in("k.mulder")
    user = User.objects.get(oidcidentity__sub__isnull=False, email="k.mulder@gemeente.nl")
    assert user.role == Role.BEHEERDER
    User.objects.filter(pk=user.pk).update(email="iets.anders@gemeente.nl")  # the address no longer matches
    _callback, landed = Browser(live_server.url).sign_in("k.mulder")
    assert landed.status_code == 200
    assert User.objects.filter(email__endswith="@gemeente.nl").count() == 1


def test_no_mapping_leaves_roles_to_the_beheerder(sso, settings, browser_session):
    settings.POW_OIDC_GROUP_ROLES = {}
    _callback, landed = browser_session.sign_in("a.nieuw")
    user = User.objects.get(email="a.nieuw@gemeente.nl")
    assert user.role == "" and landed.status_code == 200
    user.role = Role.STUURGROEP
    user.save()
    Browser(browser_session.portal).sign_in("a.nieuw")
    user.refresh_from_db()
    assert user.role == Role.STUURGROEP


def test_an_existing_account_is_linked_by_e_mail_only_when_allowed(sso, settings, live_server, make_user):
    existing = make_user(username="marieke", ministerie=True, email="m.visser@minszw.nl")
    _callback, landed = Browser(live_server.url).sign_in("m.visser")
    assert "Inloggen via uw organisatie is mislukt" in landed.text and landed.status_code == 403
    assert not OIDCIdentity.objects.exists() and User.objects.filter(email="m.visser@minszw.nl").count() == 1
    settings.POW_OIDC_LINK_BY_EMAIL = True
    _callback, landed = Browser(live_server.url).sign_in("m.visser")
    assert landed.status_code == 200
    assert OIDCIdentity.objects.get().user == existing


def test_a_replayed_state_is_refused(sso, live_server):
    browser = Browser(live_server.url)
    callback, landed = browser.sign_in("m.visser")
    assert landed.status_code == 200
    again = browser.get(callback)  # the same state a second time, in the same session
    assert again.status_code == 400 and "Inloggen via uw organisatie is mislukt" in again.text
    stranger = Browser(live_server.url).get(callback)  # a stolen callback address in another browser
    assert stranger.status_code == 403
    assert "_auth_user_id" not in stranger.text
    assert urlsplit(Browser(live_server.url).get(reverse("home")).url).path == reverse("login")


def test_a_code_with_another_requests_state_fails_the_nonce(sso, settings, live_server, caplog):
    # Without PKCE the provider hands out the tokens, so the portal's nonce check is what refuses them.
    settings.OIDC_USE_PKCE = False
    browser = Browser(live_server.url)
    callback_a = browser.provider_login(browser.start(), "m.visser")
    # a second sign-in started in the same session: its state (and nonce) differ
    to_provider = browser.start(allow_redirects=False).headers["Location"]
    state_b = parse_qs(urlsplit(to_provider).query)["state"][0]
    code_a = parse_qs(urlsplit(callback_a).query)["code"][0]
    mixed = browser.get(f"{CALLBACK}?code={code_a}&state={state_b}")
    assert mixed.status_code == 400  # the id_token's nonce is A's, the session expected B's
    refusals = [r for r in caplog.records if getattr(r, "event_type", "") == "sso_refused"]
    assert [r.reason for r in refusals] == ["SuspiciousOperation"]
    assert not User.objects.filter(email="m.visser@minszw.nl", last_login__isnull=False).exists()
    assert browser.get(callback_a).status_code == 400  # code A was spent at the provider: no second use


def test_logout_ends_the_providers_session_too(sso, browser_session):
    browser_session.sign_in("m.visser")
    assert browser_session.get(reverse("home")).status_code == 200
    response = browser_session.portal_post(reverse("logout"))
    hops = [r.url for r in response.history] + [response.url]
    assert any("/openid/end-session" in hop for hop in hops)
    assert urlsplit(response.url).path == reverse("login")
    assert urlsplit(browser_session.get(reverse("home")).url).path == reverse("login")
    # the provider asks for the password again: its session ended as well
    assert "/login/" in browser_session.start().url


def test_an_unreachable_provider_never_stops_a_password_login(client, settings, regio_user):
    settings.POW_OIDC_PROVIDER_URL = f"http://127.0.0.1:{_free_port()}/openid"  # nothing listens there
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    oidc._discovery.cache_clear()
    assert "Inloggen via uw organisatie" in client.get(reverse("login")).content.decode()
    login = client.post(reverse("login"), {"username": regio_user.username, "password": PASSWORD_PORTAL})
    assert login.status_code == 302
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 503 and "Inloggen via uw organisatie is mislukt" in response.content.decode()
