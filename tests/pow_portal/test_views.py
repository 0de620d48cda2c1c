import json

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pow_portal.constants import Role
from pow_portal.models import ProgrammeRound
from tests.factories import PASSWORD
from tests.otp import current_code, totp_device

pytestmark = pytest.mark.django_db

START_HEADINGS = {
    Role.REGIO: "Actieplan Helmond-De Peel",
    Role.ONDERSTEUNINGSTEAM: "Ingediende actieplannen",
    Role.STUURGROEP: "Stuurgroep Perspectief op Werk",
    Role.MINISTERIE: "Besluiten en betalingen",
    Role.BEHEERDER: "Beheer van het portaal",
}


def test_start_page_needs_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_to_its_start_page(client, users_by_role, role):
    user = users_by_role[role]
    device = totp_device(user) if role != Role.REGIO else None
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    if device is not None:  # the second factor (tests/pow_portal/test_login_security.py)
        assert response.redirect_chain[-1][0].startswith(reverse("otp-verify"))
        response = client.post(reverse("otp-verify"), {"token": current_code(device)}, follow=True)
    assert response.context["user"] == user
    html = response.content.decode()
    assert START_HEADINGS[role] in html
    assert '<html lang="nl"' in html


def test_start_pages_have_empty_states(client, users_by_role):
    client.force_login(users_by_role[Role.ONDERSTEUNINGSTEAM])
    assert "Er zijn nog geen plannen ingediend" in client.get(reverse("home")).content.decode()


def test_wrong_password_gives_a_dutch_error_and_keeps_the_username(client, regio_user):
    response = client.post(reverse("login"), {"username": regio_user.username, "password": "fout"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze combinatie van gebruikersnaam en wachtwoord kennen wij niet" in html
    assert f'value="{regio_user.username}"' in html


def test_logout_is_a_post(client, regio_user):
    client.force_login(regio_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_mails_a_dutch_link(client, regio_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the mail is a job, queued on commit
        response = client.post(reverse("password_reset"), {"email": regio_user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Nieuw wachtwoord voor Perspectief op Werk"
    assert "/wachtwoord-herstellen/" in mail.outbox[0].body


def test_language_switch_to_english(client, regio_user):
    client.force_login(regio_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en"' in html
    assert "Log out" in html


def test_health_reports_database_cache_and_broker(client, users_by_role):
    client.force_login(users_by_role[Role.BEHEERDER])  # details for the beheerder only (test_error_pages.py)
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MINISTERIE, 200),
        (Role.BEHEERDER, 200),
        (Role.REGIO, 302),
        (Role.ONDERSTEUNINGSTEAM, 302),
        (Role.STUURGROEP, 302),
    ],
)
def test_round_data_is_edited_in_the_admin_by_ministry_and_beheerder(client, users_by_role, role, status):
    client.force_login(users_by_role[role])
    round_ = ProgrammeRound.objects.current()
    response = client.get(reverse("admin:pow_portal_programmeround_change", args=[round_.pk]))
    assert response.status_code == status


def test_only_the_beheerder_manages_users(client, users_by_role):
    client.force_login(users_by_role[Role.MINISTERIE])
    assert client.get(reverse("admin:pow_portal_user_changelist")).status_code == 403
    client.force_login(users_by_role[Role.BEHEERDER])
    assert client.get(reverse("admin:pow_portal_user_changelist")).status_code == 200


def test_start_page_query_count_is_constant(client, users_by_role, make_user):
    client.force_login(users_by_role[Role.BEHEERDER])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(20):
        make_user(username=f"extra{n}", regio=True)
    assert count() == before
