"""Thin, idempotent Celery tasks of the core: they take ids and call a service.

Retrying is the outbox's job (its beat jobs offer undone work again), so the tasks have no retry settings.
"""

import logging

from celery import shared_task

from . import outbox, services

logger = logging.getLogger(__name__)


@shared_task
def notification_send(notification_id: int) -> bool:
    return services.notification_send(notification_id=notification_id)


@shared_task
def notifications_send_pending() -> int:
    """Beat job: send whatever is still in the mail outbox (e.g. after a broker or SMTP outage)."""
    return services.notifications_send_pending()


@shared_task
def outbox_run(item_id: int) -> bool:
    return outbox.outbox_run(item_id=item_id)


@shared_task
def outbox_redispatch() -> int:
    """Beat job: offer again every side effect that is not done yet."""
    return outbox.outbox_redispatch()
