"""Login security: lockout after ten failures (per user and per address), unlock by the beheerder, the
second factor (TOTP and recovery codes), idle timeout, logout everywhere on a password change."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pow_portal import second_factor
from pow_portal.constants import Role
from pow_portal.models import AuditEvent
from tests.factories import PASSWORD
from tests.otp import current_code, totp_device

pytestmark = pytest.mark.django_db
LOGIN = "/inloggen/"


def _login(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_limits():
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.POW_LOGIN_ADDRESS_FAILURE_LIMIT == 100


def _fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        _login(client, username, "fout", address=address)


def test_ten_wrong_passwords_lock_that_account_at_that_address_even_with_the_right_one(client, regio_user, caplog):
    for _attempt in range(9):
        response = _login(client, regio_user.username, "fout", address="10.0.1.1")
        assert response.status_code == 200  # the ordinary Dutch error, still allowed to try
    response = _login(client, regio_user.username, "fout", address="10.0.1.1")
    assert response.status_code == 429
    response = _login(client, regio_user.username, address="10.0.1.1")  # right password, same address
    assert response.status_code == 429
    html = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in html
    assert "Er is 10 keer een verkeerd wachtwoord ingevuld" in html
    assert "U kunt het over 5 minuten opnieuw proberen" in html
    assert response["Retry-After"] == "300"
    assert "_auth_user_id" not in client.session
    # the log says who (id) and what, never the username or the address
    lockouts = [r for r in caplog.records if getattr(r, "event_type", "") == "lockout"]
    assert lockouts and lockouts[0].user_id == regio_user.pk
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert regio_user.username not in text and "10.0.1.1" not in text


def test_a_colleague_at_the_same_address_still_logs_in(client, regio_user, make_user):
    _fail(client, regio_user.username, 10, address="10.5.5.5")
    assert _login(client, regio_user.username, address="10.5.5.5").status_code == 429
    colleague = make_user(username="collega", regio=True)
    assert _login(type(client)(), colleague.username, address="10.5.5.5").status_code == 302


def test_the_account_from_another_address_is_not_locked(client, regio_user):
    """Nobody can lock a known account for everyone by typing wrong passwords from their own address."""
    _fail(client, regio_user.username, 10, address="10.6.6.6")
    assert _login(client, regio_user.username, address="10.6.6.7").status_code == 302


def test_failures_spread_over_addresses_do_not_add_up(client, regio_user):
    for n in range(12):
        _login(client, regio_user.username, "fout", address=f"10.0.3.{n}")
    assert _login(client, regio_user.username, address="10.0.3.1").status_code == 302


def test_the_wait_doubles_with_each_failure_after_a_lock(client, regio_user, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _fail(client, regio_user.username, 10)
    time_machine.shift(datetime.timedelta(minutes=4, seconds=59))
    assert _login(client, regio_user.username).status_code == 429
    time_machine.shift(datetime.timedelta(seconds=2))
    assert _login(client, regio_user.username, "fout").status_code == 429  # the 11th: ten minutes now
    assert "over 10 minuten" in _login(client, regio_user.username).content.decode()
    time_machine.shift(datetime.timedelta(minutes=10, seconds=1))
    response = _login(client, regio_user.username, "fout")  # the 12th: twenty minutes
    assert response.status_code == 429 and response["Retry-After"] == str(20 * 60)
    time_machine.shift(datetime.timedelta(minutes=20, seconds=1))
    assert _login(client, regio_user.username).status_code == 302  # the right password ends it all
    assert not AccessAttempt.objects.filter(username=regio_user.username).exists()


def test_the_wait_has_a_ceiling(settings):
    from pow_portal.security import account_cooloff

    assert account_cooloff(10) == datetime.timedelta(minutes=5)
    assert account_cooloff(13) == datetime.timedelta(minutes=40)
    assert account_cooloff(1000) == datetime.timedelta(hours=24)
    settings.POW_LOGIN_COOLOFF_MINUTES = 0
    assert account_cooloff(10) is None  # only the beheerder unlocks


def test_spraying_many_accounts_from_one_address_is_stopped_at_the_higher_count(client, make_user):
    # 99 failures on 33 accounts (three each): nobody is locked yet, a colleague still logs in
    for n in range(33):
        _fail(client, f"iemand{n}", 3, address="10.9.9.9")
    user = make_user(username="onschuldig", regio=True)
    assert _login(type(client)(), user.username, address="10.9.9.9").status_code == 302
    response = _login(client, "iemand-honderd", "fout", address="10.9.9.9")  # the 100th
    assert response.status_code == 429
    html = response.content.decode()
    assert "Vanaf dit adres is in korte tijd meer dan 100 keer" in html
    assert _login(type(client)(), user.username, address="10.9.9.9").status_code == 429
    assert _login(type(client)(), user.username, address="10.9.9.10").status_code == 302  # another address


def test_the_address_lock_ends_after_the_window(client, make_user, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for n in range(50):
        _fail(client, f"iemand{n}", 2, address="10.9.9.8")
    user = make_user(username="onschuldig", regio=True)
    assert _login(client, user.username, address="10.9.9.8").status_code == 429
    time_machine.shift(datetime.timedelta(minutes=61))
    assert _login(client, user.username, address="10.9.9.8").status_code == 302


def _admin_client(client, users_by_role):
    admin_client = type(client)()
    admin_client.force_login(users_by_role[Role.BEHEERDER])
    return admin_client


def test_the_beheerder_unlocks_the_account_at_the_address(client, regio_user, users_by_role):
    _fail(client, regio_user.username, 10)
    assert _login(client, regio_user.username).status_code == 429
    admin_client = _admin_client(client, users_by_role)
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin_client.get(changelist)
    assert page.status_code == 200 and regio_user.username in page.content.decode()
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = admin_client.post(changelist, {"action": "unlock", "_selected_action": ids}, follow=True)
    assert "ontgrendeld" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert AuditEvent.objects.filter(action="login_unlocked", data__scope="account").count() == len(ids)
    assert _login(client, regio_user.username).status_code == 302


def test_the_beheerder_lifts_an_address_lock(client, make_user, users_by_role):
    for n in range(10):
        _fail(client, f"iemand{n}", 10, address="10.9.9.7")
    _fail(client, "ander", 1, address="10.9.9.6")
    user = make_user(username="onschuldig", regio=True)
    assert _login(client, user.username, address="10.9.9.7").status_code == 429
    admin_client = _admin_client(client, users_by_role)
    one = AccessAttempt.objects.filter(ip_address="10.9.9.7").first()
    changelist = reverse("admin:axes_accessattempt_changelist")
    admin_client.post(changelist, {"action": "unlock_address", "_selected_action": [one.pk]}, follow=True)
    assert not AccessAttempt.objects.filter(ip_address="10.9.9.7").exists()
    assert AccessAttempt.objects.filter(ip_address="10.9.9.6").exists()  # another address keeps its count
    assert _login(client, user.username, address="10.9.9.7").status_code == 302


def test_others_do_not_see_the_attempts(client, users_by_role):
    client.force_login(users_by_role[Role.MINISTERIE])
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


# ---- the second factor ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MINISTERIE, Role.BEHEERDER, Role.ONDERSTEUNINGSTEAM, Role.STUURGROEP])
def test_required_roles_set_up_the_app_before_anything_else(client, users_by_role, role):
    user = users_by_role[role]
    response = _login(client, user.username)
    assert response.status_code == 302
    assert response.url.startswith(reverse("home"))
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("otp-setup"))
    # background requests get JSON, so an editor keeps its text
    assert client.get(reverse("home"), HTTP_HX_REQUEST="true").status_code == 401
    setup = client.get(reverse("otp-setup"))
    html = setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert second_factor.secret_base32(device) in html
    assert "otpauth://totp/" in html and "Tweestapsverificatie instellen" in html
    wrong = client.post(reverse("otp-setup"), {"token": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    done = client.post(reverse("otp-setup"), {"token": current_code(device)})
    html = done.content.decode()
    assert "De tweestapsverificatie is ingesteld" in html
    codes = list(StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True))
    assert len(codes) == 10 and all(code in html for code in codes)
    assert client.get(reverse("home")).status_code == 200


def test_a_login_with_a_device_asks_the_code_and_a_recovery_code_works_once(client, users_by_role):
    user = users_by_role[Role.MINISTERIE]
    device = totp_device(user)
    codes = second_factor.recovery_codes_create(user=user)
    _login(client, user.username)
    response = client.get(reverse("review:decisions"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp-verify"))
    # a device exists: the setup page may not make a new one without the code (no bypass)
    assert client.get(reverse("otp-setup")).url.startswith(reverse("otp-verify"))
    assert TOTPDevice.objects.filter(user=user).count() == 1
    wrong = client.post(reverse("otp-verify"), {"token": "123456"})
    assert "Deze code klopt niet" in wrong.content.decode()
    ok = client.post(reverse("otp-verify"), {"token": codes[0], "next": reverse("review:decisions")})
    assert ok.status_code == 302 and ok.url == reverse("review:decisions")
    assert client.get(reverse("review:decisions")).status_code == 200
    client.post(reverse("logout"))
    _login(client, user.username, address="10.0.0.3")
    again = client.post(reverse("otp-verify"), {"token": codes[0]})
    assert "Deze code klopt niet" in again.content.decode()  # used once, then gone
    assert client.post(reverse("otp-verify"), {"token": current_code(device)}).status_code == 302


def test_a_region_may_turn_it_on_and_is_then_asked(client, regio_user):
    _login(client, regio_user.username)
    assert client.get(reverse("home")).status_code == 200  # not required for regions
    device = second_factor.totp_device_start(user=regio_user)
    client.post(reverse("otp-setup"), {"token": current_code(device)})
    client.post(reverse("logout"))
    _login(client, regio_user.username)
    assert client.get(reverse("home")).url.startswith(reverse("otp-verify"))


def test_a_production_setting_requires_it_of_everyone(client, regio_user, settings):
    settings.POW_OTP_REQUIRED_FOR_ALL = True
    _login(client, regio_user.username)
    assert client.get(reverse("home")).url.startswith(reverse("otp-setup"))


def test_the_code_page_never_redirects_elsewhere(client, users_by_role):
    user = users_by_role[Role.STUURGROEP]
    device = totp_device(user)
    _login(client, user.username)
    response = client.post(reverse("otp-verify"), {"token": current_code(device), "next": "https://evil.example/"})
    assert response.url == reverse("home")


# ---- sessions ---------------------------------------------------------------------------------------


def test_idle_timeout_is_thirty_minutes_and_the_autosave_renews_it(client, regio_user, open_round):
    from django.contrib.sessions.models import Session

    from plans.services import plan_get_or_create

    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    plan = plan_get_or_create(region=regio_user.region, round=open_round)
    row = plan.sections.get(section="analyse")
    client.force_login(regio_user)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    response = client.post(
        reverse("plans:section-autosave", args=[plan.pk, "analyse"]),
        {"part_tekst": "<p>Nog bezig</p>", "expected_version": row.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    left = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_an_expired_session_lets_an_autosave_answer_401_json(client, regio_user):
    client.force_login(regio_user)
    from plans.services import plan_get_or_create
    from pow_portal.models import ProgrammeRound

    plan = plan_get_or_create(region=regio_user.region, round=ProgrammeRound.objects.current())
    client.session.flush()
    client.cookies.clear()
    response = client.post(
        reverse("plans:section-autosave", args=[plan.pk, "analyse"]), {"analyse": "<p>x</p>"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 401 and response.json() == {"error": "session_expired"}


def test_a_password_change_logs_out_every_other_session(client, regio_user):
    other = type(client)()
    other.force_login(regio_user)
    client.force_login(regio_user)
    assert other.get(reverse("home")).status_code == 200
    regio_user.set_password("een-heel-nieuw-wachtwoord")
    regio_user.save()
    response = other.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("home")).status_code == 302


def test_logins_and_failures_are_logged_without_personal_data(client, regio_user, caplog):
    caplog.set_level(logging.INFO)
    _login(client, regio_user.username, "fout")
    _login(client, regio_user.username)
    events = {getattr(r, "event_type", None): r for r in caplog.records}
    assert events["login_failed"].user_id == regio_user.pk
    assert events["login"].user_id == regio_user.pk and events["login"].role == Role.REGIO
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert regio_user.username not in text and regio_user.email not in text
