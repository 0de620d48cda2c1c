"""Every Beheer (Django admin) page answers: each changelist and each change page, as beheerder and ministerie."""

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import reverse

from plans import services as plan_services
from pow_portal.models import AuditEvent, Notification
from review import payments
from tests.plans.filling import fill_plan
from tests.review.test_payments import approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_everything(regio_user, open_round, make_user):
    """A submitted plan (versions, status changes, files), a decision with its payment, an audit row, a mail."""
    plan = plan_services.plan_get_or_create(region=regio_user.region, round=open_round)
    fill_plan(plan, regio_user)
    plan_services.plan_submit(plan=plan, by=regio_user)
    version = plan.versions.get()
    # The version's PDF (normally rendered by a task after commit): its private file has no public URL.
    version.pdf.save("actieplan-test-v1.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    version.save(update_fields=["pdf"])
    szw = make_user(username="szw-admin", ministerie=True)
    payments.payment_confirm(decision=approved("Holland Rijnland", szw))
    Notification.objects.get_or_create(key="admin-test", defaults={"to": ["a@example.nl"], "subject": "s", "body": "b"})
    assert AuditEvent.objects.exists()
    return plan


@pytest.mark.parametrize("role", ["beheerder", "ministerie"])
def test_every_admin_changelist_and_change_page_answers(client, make_user, one_of_everything, role):
    user = make_user(username=f"admin-{role}", **{role: True})
    client.force_login(user)
    opened = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(_request(user)):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert response.status_code == 200, (info, response.status_code)
        for obj in model._default_manager.order_by("-pk")[:3]:
            response = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            assert response.status_code == 200, (info, obj.pk, response.status_code)
        opened.append(info)
    assert ("plans", "planversion") in opened


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request
