"""Writes of the core: audit rows and notifications."""

import datetime
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import AuditEvent, Notification, User
from .outbox import dispatch_task

logger = logging.getLogger(__name__)


def audit_log(*, actor: User | None, action: str, obj, data: dict | None = None) -> AuditEvent:
    """Record one state change. Call it inside the transaction that makes the change."""
    return AuditEvent.objects.create(
        actor=actor if actor and actor.pk else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )


def notification_queue(*, key: str, to: list[str], subject: str, body: str) -> Notification | None:
    """Put a mail in the outbox and send it after the transaction commits. Idempotent on ``key``."""
    if not to:
        return None
    notification, created = Notification.objects.get_or_create(
        key=key, defaults={"to": sorted(set(to)), "subject": subject, "body": body}
    )
    if created:
        from .tasks import notification_send

        transaction.on_commit(lambda: dispatch_task(notification_send, notification.pk))
    return notification


def notification_send(*, notification_id: int) -> bool:
    """Send one queued mail once. Returns False when it was already sent."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.sent_at is not None:
            logger.info("mail %s skipped: %s", notification_id, "unknown" if notification is None else "already sent")
            return False
        try:
            send_mail(notification.subject, notification.body, None, notification.to)
        except OSError:  # SMTP down: the outbox keeps the mail, the beat job sends it later
            logger.warning("mail %s not sent; it stays in the outbox", notification_id, exc_info=True)
            return False
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
    return True


def notifications_send_pending(*, older_than: datetime.timedelta = datetime.timedelta(seconds=30)) -> int:
    """Send whatever is still in the mail outbox and older than ``older_than`` (the beat job's body)."""
    before = timezone.now() - older_than
    ids = list(
        Notification.objects.filter(sent_at__isnull=True, created_at__lt=before).values_list("pk", flat=True)[:500]
    )
    return sum(notification_send(notification_id=pk) for pk in ids)
