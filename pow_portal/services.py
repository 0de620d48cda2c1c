"""Writes of the core: audit rows and notifications."""

import logging
import uuid

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language

from .jobs import job_add
from .models import AuditEvent, Notification, User

logger = logging.getLogger(__name__)

MAIL_JOB = "pow_portal.mail"
PASSWORD_RESET_JOB = "pow_portal.password_reset"  # noqa: S105 # nosec B105 - a job kind, not a password


def audit_log(*, actor: User | None, action: str, obj, data: dict | None = None) -> AuditEvent:
    """Record one state change. Call it inside the transaction that makes the change.

    Once the change is committed, a log line says the same by ids and roles (workflow and money moves
    included): no names and none of the row's free-text data."""
    event = AuditEvent.objects.create(
        actor=actor if actor and actor.pk else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )
    fields = {
        "event_type": "audit",
        "action": action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "audit_id": event.pk,
        "user_id": event.actor_id,
        "role": getattr(event.actor, "role", "") if event.actor_id else "system",
    }
    transaction.on_commit(lambda: logger.info("state change", extra=fields))
    return event


def notification_queue(*, key: str, to: list[str], subject: str, body: str) -> Notification | None:
    """Put a mail in the outbox; a job sends it after the transaction commits. Idempotent on ``key``."""
    if not to:
        return None
    notification, created = Notification.objects.get_or_create(
        key=key, defaults={"to": sorted(set(to)), "subject": subject, "body": body}
    )
    if created:
        job_add(kind=MAIL_JOB, key=f"mail:{notification.pk}", payload={"notification_id": notification.pk})
    return notification


def notification_send(*, notification_id: int) -> bool:
    """Send one queued mail once (the mail job's body). Returns False when it was already sent.

    No row lock is held while talking to the SMTP server (a slow server would hold up every writer of the row):
    the job's claim is what keeps a second worker away. SMTP errors raise, so the job tries again later."""
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None or notification.sent_at is not None:
        logger.info("mail %s skipped: %s", notification_id, "unknown" if notification is None else "already sent")
        return False
    send_mail(notification.subject, notification.body, None, notification.to)
    Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def password_reset_queue(*, email: str, domain: str, use_https: bool) -> None:
    """Queue the reset mail for ``email`` whether or not an account has it (the job finds out)."""
    with transaction.atomic():
        job_add(
            kind=PASSWORD_RESET_JOB,
            key=f"password-reset:{uuid.uuid4().hex}",
            payload={"email": email, "domain": domain, "use_https": use_https, "language": get_language()},
            max_attempts=3,
        )


def password_reset_send(*, email: str, domain: str, use_https: bool, language: str = "nl") -> None:
    """The reset job: mail a link to each active account with ``email``; nothing for an unknown address. The
    link's token is made here and never stored (a mail row would let a reader of the database take over)."""
    from django.contrib.auth.forms import PasswordResetForm

    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        logger.warning("password reset job refused an invalid address")
        return
    with translation.override(language):
        form.save(domain_override=domain, use_https=use_https)
