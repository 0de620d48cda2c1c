import pytest
from django.core import mail
from django.db import transaction

from pow_portal import services
from pow_portal.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def test_mail_is_sent_after_commit_once():
    with transaction.atomic():
        services.notification_queue(key="plan:1:submitted", to=["ot@example.nl"], subject="Ingediend", body="x")
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(mail.outbox) == 1
    services.notification_queue(key="plan:1:submitted", to=["ot@example.nl"], subject="Ingediend", body="x")
    assert len(mail.outbox) == 1
    assert Notification.objects.get().sent_at is not None


def test_no_mail_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notification_queue(key="plan:2:submitted", to=["ot@example.nl"], subject="Ingediend", body="x")
        raise RuntimeError
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_sending_twice_sends_once():
    with transaction.atomic():
        notification = services.notification_queue(key="k", to=["a@example.nl"], subject="S", body="B")
    assert services.notification_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1
