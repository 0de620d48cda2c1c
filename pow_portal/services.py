"""Writes of the core: audit rows and notifications."""

import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .constants import Role
from .jobs import job_add
from .models import AuditEvent, Notification, RoleGrant, User
from .permissions import role_check

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
