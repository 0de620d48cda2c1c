"""The audit trail in the portal: the ministry reads who did what, when, to which object; filtered, paged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pow_portal.constants import Role
from pow_portal.models import AuditEvent

pytestmark = pytest.mark.django_db


def _events(n, actor, action="plan.ingediend", object_type="plan"):
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, action=action, object_type=object_type, object_id=str(i), data={"reden": "test"})
        for i in range(n)
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_ministry_reads_who_what_when_and_object(client, users_by_role, regio_user):
    _events(3, regio_user)
    client.force_login(users_by_role[Role.MINISTERIE])
    html = client.get(reverse("audit-list")).content.decode()
    assert "Audittrail" in html and "3 auditregels" in html
    assert regio_user.get_full_name() in html and "Helmond-De Peel" in html
    assert "plan.ingediend" in html and "plan 2" in html
    assert timezone.localtime().strftime("%Y") in html


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.REGIO, 403), (Role.ONDERSTEUNINGSTEAM, 403), (Role.STUURGROEP, 403), (Role.BEHEERDER, 200)],
)
def test_only_the_ministry_and_beheerder_read_it(client, users_by_role, role, status):
    client.force_login(users_by_role[role])
    assert client.get(reverse("audit-list")).status_code == status


def test_filters_by_action_object_role_and_date(client, users_by_role, regio_user):
    szw = users_by_role[Role.MINISTERIE]
    _events(2, regio_user)
    _events(1, szw, action="payment.move", object_type="payment")
    old = AuditEvent.objects.create(actor=szw, action="circulaire.lock", object_type="circulaire", object_id="9")
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    client.force_login(szw)
    url = reverse("audit-list")
    assert "1 auditregel<" in client.get(url, {"actie": "payment.move"}).content.decode()
    assert "2 auditregels" in client.get(url, {"soort": "plan"}).content.decode()
    assert "2 auditregels" in client.get(url, {"rol": Role.MINISTERIE}).content.decode()
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert "3 auditregels" in client.get(url, {"van": since}).content.decode()
    assert "Geen auditregels gevonden" in client.get(url, {"rol": Role.STUURGROEP}).content.decode()


def test_paged_with_a_constant_query_count(client, users_by_role, regio_user, other_regio_user):
    client.force_login(users_by_role[Role.MINISTERIE])
    _events(5, regio_user)
    small, _ = _count(client, reverse("audit-list"))
    _events(300, other_regio_user, action="section.update", object_type="section")
    _events(300, users_by_role[Role.MINISTERIE], action="payment.move", object_type="payment")
    large, response = _count(client, reverse("audit-list"))
    assert large == small
    assert len(response.context["page"].object_list) == 50
    assert "Pagina 1 van 13" in response.content.decode()
    second, response = _count(client, reverse("audit-list") + "?soort=payment&pagina=2")
    assert second == small and "Pagina 2 van 6" in response.content.decode()
    assert "soort=payment&amp;pagina=3" in response.content.decode()
