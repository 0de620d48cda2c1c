"""Thin, idempotent Celery tasks of the core: they take ids and call a service."""

from celery import shared_task

from . import services
from .models import Notification


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def notification_send(self, notification_id: int) -> bool:
    try:
        return services.notification_send(notification_id=notification_id)
    except OSError as exc:  # SMTP down: try again later, the outbox keeps the mail.
        raise self.retry(exc=exc) from exc


@shared_task
def notifications_send_pending() -> int:
    """Beat job: send whatever is still in the outbox (e.g. after a broker outage)."""
    sent = 0
    for notification_id in Notification.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)[:500]:
        sent += services.notification_send(notification_id=notification_id)
    return sent
