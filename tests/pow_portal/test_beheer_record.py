"""Every change in Beheer is on the record: saves and deletes audited with the fields before and after, the
ministerie and beheerder roles only with a second beheerder's confirmation, reference data in use kept."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from plans.models import Plan, SectionLimit
from pow_portal import services
from pow_portal.constants import Role
from pow_portal.models import Arbeidsmarktregio, AuditEvent, ProgrammeRound, RoleGrant, User
from review.models import LetterTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer(make_user):
    return make_user(username="beheer-1", beheerder=True), make_user(username="beheer-2", beheerder=True)


def _round_form(round_, **changes):
    data = {
        "name": round_.name,
        "starts_on": round_.starts_on.isoformat(),
        "early_deadline": round_.early_deadline.isoformat(),
        "submission_deadline": round_.submission_deadline.isoformat(),
        "submission_extended_until": "",
        "amount_per_tranche": str(round_.amount_per_tranche),
        "yearly_budget": str(round_.yearly_budget),
        "plan_term_years": round_.plan_term_years,
        "is_current": "on" if round_.is_current else "",
    }
    return {**data, **changes}


def test_a_change_in_beheer_is_audited_with_before_and_after(client, beheer):
    first, _second = beheer
    client.force_login(first)
    round_ = ProgrammeRound.objects.current()
    url = reverse("admin:pow_portal_programmeround_change", args=[round_.pk])
    response = client.post(url, _round_form(round_, amount_per_tranche="900000.00"))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="beheer.change", object_type="pow_portal.programmeround")
    assert event.actor == first and event.object_id == str(round_.pk)
    assert event.data["fields"] == ["amount_per_tranche"]
    assert Decimal(event.data["before"]["amount_per_tranche"]) == Decimal("1000000.00")
    assert Decimal(event.data["after"]["amount_per_tranche"]) == Decimal("900000.00")


def test_add_and_delete_in_beheer_are_audited(client, beheer):
    client.force_login(beheer[0])
    response = client.post(
        reverse("admin:pow_portal_arbeidsmarktregio_add"), {"code": "ZZ", "name": "Testregio", "centrumgemeente": "X"}
    )
    assert response.status_code == 302
    region = Arbeidsmarktregio.objects.get(code="ZZ")
    added = AuditEvent.objects.get(action="beheer.add", object_id=str(region.pk))
    assert added.data["after"]["name"] == "Testregio" and added.data["before"] == {}
    response = client.post(reverse("admin:pow_portal_arbeidsmarktregio_delete", args=[region.pk]), {"post": "yes"})
    assert response.status_code == 302
    deleted = AuditEvent.objects.get(action="beheer.delete", object_type="pow_portal.arbeidsmarktregio")
    assert deleted.object_id == str(region.pk) and deleted.data["before"]["name"] == "Testregio"


def test_a_password_change_is_audited_without_the_hash(client, beheer, make_user):
    client.force_login(beheer[0])
    target = make_user(username="regio-pw", regio=True)
    url = reverse("admin:pow_portal_user_change", args=[target.pk])
    data = {
        "username": "regio-pw",
        "email": "nieuw@example.nl",
        "first_name": "",
        "last_name": "",
        "role": "regio",
        "region": target.region_id,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2019-04-01",
        "date_joined_1": "10:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="beheer.change", object_type="pow_portal.user", object_id=str(target.pk))
    assert event.data["after"]["email"] == "nieuw@example.nl"
    assert "pbkdf2" not in str(event.data) and "argon2" not in str(event.data)


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "role": user.role,
        "region": user.region_id or "",
        "is_active": "on" if user.is_active else "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2019-04-01",
        "date_joined_1": "10:00:00",
    }
    return {**data, **changes}


def test_granting_the_ministerie_role_waits_for_a_second_beheerder(client, beheer, make_user):
    first, second = beheer
    target = make_user(username="ot-promote", ondersteuningsteam=True)
    client.force_login(first)
    response = client.post(
        reverse("admin:pow_portal_user_change", args=[target.pk]), _user_form(target, role="ministerie"), follow=True
    )
    assert "wacht op bevestiging door een tweede beheerder" in response.content.decode()
    target.refresh_from_db()
    assert target.role == Role.ONDERSTEUNINGSTEAM  # nothing granted yet
    grant = RoleGrant.objects.get(user=target)
    assert (grant.status, grant.role, grant.requested_by) == ("wacht", "ministerie", first)
    assert AuditEvent.objects.filter(action="role_grant.request", object_id=str(grant.pk)).exists()
    # The requester cannot confirm it, in Beheer or otherwise.
    with pytest.raises(PermissionDenied):
        services.role_grant_confirm(grant=grant, by=first)
    changelist = reverse("admin:pow_portal_rolegrant_changelist")
    response = client.post(changelist, {"action": "confirm", "_selected_action": [grant.pk]}, follow=True)
    assert "U kunt uw eigen roltoekenning niet bevestigen" in response.content.decode()
    target.refresh_from_db()
    assert target.role == Role.ONDERSTEUNINGSTEAM
    # A second beheerder confirms: now it counts, on the record.
    client.force_login(second)
    response = client.post(changelist, {"action": "confirm", "_selected_action": [grant.pk]}, follow=True)
    assert "1 roltoekenning(en) bevestigd." in response.content.decode()
    target.refresh_from_db()
    grant.refresh_from_db()
    assert target.role == Role.MINISTERIE and target.is_active and target.is_staff
    assert (grant.status, grant.decided_by) == ("bevestigd", second)
    confirmed = AuditEvent.objects.get(action="role_grant.confirm", object_id=str(grant.pk))
    assert confirmed.actor == second and confirmed.data["before"]["role"] == "ondersteuningsteam"


def test_a_beheerder_cannot_make_themselves_ministerie_nor_confirm_a_grant_to_themselves(client, beheer):
    first, second = beheer
    client.force_login(first)
    client.post(reverse("admin:pow_portal_user_change", args=[first.pk]), _user_form(first, role="ministerie"))
    first.refresh_from_db()
    assert first.role == Role.BEHEERDER
    grant = RoleGrant.objects.get(user=first)
    with pytest.raises(PermissionDenied):
        services.role_grant_confirm(grant=grant, by=first)
    # A grant to a beheerder's own account, requested by another, is confirmed by a third, not by them.
    services.role_grant_withdraw(grant=grant, by=first)
    other = services.role_grant_request(user=second, role=Role.MINISTERIE, by=first)
    with pytest.raises(PermissionDenied):
        services.role_grant_confirm(grant=other, by=second)
    assert User.objects.get(pk=second.pk).role == Role.BEHEERDER


def test_a_new_ministerie_account_waits_inactive(client, beheer):
    client.force_login(beheer[0])
    data = {
        "username": "nieuw-szw",
        "email": "szw@example.nl",
        "role": "ministerie",
        "region": "",
        "password1": "Een lang wachtwoord 2019!",
        "password2": "Een lang wachtwoord 2019!",
        "usable_password": "true",
    }
    response = client.post(reverse("admin:pow_portal_user_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="nieuw-szw")
    assert not user.is_active
    assert RoleGrant.objects.get(user=user).status == "wacht"


def test_reference_data_in_use_is_not_deleted(client, beheer, regio_user):
    client.force_login(beheer[0])
    template = LetterTemplate.objects.first()
    response = client.post(reverse("admin:review_lettertemplate_delete", args=[template.pk]), {"post": "yes"})
    assert "nodig voor elke besluitbrief" in response.content.decode()
    assert LetterTemplate.objects.filter(pk=template.pk).exists()
    round_ = ProgrammeRound.objects.current()
    Plan.objects.create(region=regio_user.region, round=round_)
    limit = SectionLimit.objects.filter(round=round_).first()
    response = client.post(reverse("admin:plans_sectionlimit_delete", args=[limit.pk]), {"post": "yes"})
    assert "is in gebruik" in response.content.decode()
    assert SectionLimit.objects.filter(pk=limit.pk).exists()
    region = regio_user.region  # users and plans protect it
    response = client.post(reverse("admin:pow_portal_arbeidsmarktregio_delete", args=[region.pk]), {"post": "yes"})
    assert Arbeidsmarktregio.objects.filter(pk=region.pk).exists()
    assert not AuditEvent.objects.filter(action="beheer.delete").exists()


def test_the_audit_page_shows_and_filters_beheer_changes(client, beheer):
    first, _second = beheer
    client.force_login(first)
    round_ = ProgrammeRound.objects.current()
    client.post(
        reverse("admin:pow_portal_programmeround_change", args=[round_.pk]),
        _round_form(round_, yearly_budget="30000000.00"),
    )
    services.audit_log(actor=first, action="plan.submit", obj=round_)
    html = client.get(reverse("audit-list"), {"beheer": "on"}).content.decode()
    assert "<code>beheer.change</code>" in html and "<code>plan.submit</code>" not in html
    assert "yearly_budget" in html and "35000000.00" in html and "30000000.00" in html
