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


def test_no_mail_is_sent_inside_a_transaction(monkeypatch):
    """A slow SMTP server must not hold row locks: the mail job sends outside any transaction."""
    from django.db import connection

    seen = []
    real = services.send_mail

    def watched(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "send_mail", watched)
    with transaction.atomic():
        services.notification_queue(key="lock-free", to=["a@example.nl"], subject="S", body="B")
    assert seen == [False] and len(mail.outbox) == 1


def test_a_mail_server_that_fails_leaves_the_mail_waiting_for_another_attempt(monkeypatch):
    from pow_portal.models import Job, JobState

    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(services, "send_mail", smtp_down)
    with transaction.atomic():
        notification = services.notification_queue(key="smtp-down", to=["a@example.nl"], subject="S", body="B")
    job = Job.objects.get(key=f"mail:{notification.pk}")
    assert job.state == JobState.WAITING and "smtp down" in job.last_error
    assert Notification.objects.get().sent_at is None
