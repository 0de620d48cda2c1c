"""Writes of the core: audit rows and notifications."""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import Role
from .models import AuditEvent, Notification, RoleGrant, User
from .outbox import dispatch_task
from .permissions import role_check

logger = logging.getLogger(__name__)


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


# ---- Role grants: the ministerie and beheerder roles take a second beheerder --------------------------------

ERROR_GRANT_OWN = _("U kunt uw eigen roltoekenning niet bevestigen: een tweede beheerder moet dat doen.")
ERROR_GRANT_SELF = _("Een toekenning aan uw eigen account bevestigt een andere beheerder.")
ERROR_GRANT_DECIDED = _("Over deze roltoekenning is al besloten.")


def role_grant_request(*, user: User, role: str, by: User | None) -> RoleGrant:
    """Ask for ``role`` on ``user``; it takes effect when a second beheerder confirms. A pending request for
    the same account is replaced by this one (the same request twice is that request)."""
    with transaction.atomic():
        pending = RoleGrant.objects.select_for_update().filter(user=user, status=RoleGrant.Status.PENDING)
        same = pending.filter(role=role).first()
        if same is not None:
            return same
        for other in pending:
            role_grant_withdraw(grant=other, by=by)
        grant = RoleGrant.objects.create(user=user, role=role, requested_by=by)
        audit_log(actor=by, action="role_grant.request", obj=grant, data={"user": user.pk, "role": role})
        logger.info("role grant %s requested: user %s role %s, waits for a second beheerder", grant.pk, user.pk, role)
    return grant


def role_grant_confirm(*, grant: RoleGrant, by: User) -> RoleGrant:
    """A second beheerder confirms: the account gets the role and is active. Nobody confirms their own request
    or a grant to their own account."""
    role_check(by, Role.BEHEERDER)
    with transaction.atomic():
        grant = RoleGrant.objects.select_for_update().select_related("user").get(pk=grant.pk)
        if grant.status != RoleGrant.Status.PENDING:
            raise ValidationError(ERROR_GRANT_DECIDED, code="decided")
        if grant.requested_by_id == by.pk:
            logger.info("refused: user %s confirms their own role grant %s", by.pk, grant.pk)
            raise PermissionDenied(ERROR_GRANT_OWN)
        if grant.user_id == by.pk:
            logger.info("refused: user %s confirms a role grant to themselves (%s)", by.pk, grant.pk)
            raise PermissionDenied(ERROR_GRANT_SELF)
        user = User.objects.select_for_update().get(pk=grant.user_id)
        before = {"role": user.role, "is_active": user.is_active, "region": user.region_id}
        user.role, user.region, user.is_active = grant.role, None, True
        user.save()
        grant.status, grant.decided_by, grant.decided_at = RoleGrant.Status.CONFIRMED, by, timezone.now()
        grant.save(update_fields=["status", "decided_by", "decided_at"])
        audit_log(actor=by, action="role_grant.confirm", obj=grant,
                  data={"user": user.pk, "role": grant.role, "fields": sorted(before), "before": before,
                        "after": {"role": user.role, "is_active": True, "region": None}})  # fmt: skip
    return grant


def role_grant_withdraw(*, grant: RoleGrant, by: User | None) -> RoleGrant:
    with transaction.atomic():
        grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
        if grant.status != RoleGrant.Status.PENDING:
            raise ValidationError(ERROR_GRANT_DECIDED, code="decided")
        grant.status, grant.decided_by, grant.decided_at = RoleGrant.Status.WITHDRAWN, by, timezone.now()
        grant.save(update_fields=["status", "decided_by", "decided_at"])
        audit_log(actor=by, action="role_grant.withdraw", obj=grant, data={"user": grant.user_id, "role": grant.role})
    return grant
