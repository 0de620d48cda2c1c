"""The portal side of the mail outbox: a user's notifications, and where each one leads.

Mails are ``pow_portal.Notification`` rows addressed by e-mail. The key each app gives a mail names
the thing it is about (``plan-version:12:submitted``, ``report-version:3:reviewed``, ...); this module
turns that key into a link for the reader. Unknown keys lead to the start page.
"""

from django.urls import reverse

from plans.models import PlanVersion
from pow_portal.constants import Role
from pow_portal.models import Notification
from pow_portal.permissions import has_role
from review.models import Decision

from .models import Conversation, Evaluation

INBOX_LIMIT = 50


def notifications_for(user):
    """The newest mails addressed to the user (matched on the quoted address in the JSON list)."""
    if not user.email:
        return Notification.objects.none()
    return Notification.objects.filter(to__icontains=f'"{user.email}"').order_by("-created_at", "-id")[:INBOX_LIMIT]


def _plan_url(user, plan_id):
    return reverse("plans:plan-detail" if has_role(user, Role.REGIO) else "review:plan", args=[plan_id])


def link_for(notification: Notification, user) -> str:
    parts = notification.key.split(":")
    kind, ident = parts[0], parts[1] if len(parts) > 1 else ""
    try:
        if kind == "plan-version":
            return _plan_url(user, PlanVersion.objects.values_list("plan_id", flat=True).get(pk=ident))
        if kind == "plan":
            return _plan_url(user, int(ident))
        if kind == "decision":
            return _plan_url(user, Decision.objects.values_list("plan_id", flat=True).get(pk=ident))
        if kind == "report-version":
            return reverse("monitoring:report-version", args=[int(ident)])
        if kind in ("report-late",) or notification.key.startswith("reminder:report:"):
            period_id = parts[1] if kind == "report-late" else parts[2]
            return reverse("monitoring:report-edit", args=[int(period_id)])
        if notification.key.startswith("reminder:plan:"):
            return reverse("plans:my-plan")
        if kind == "conversation":
            if has_role(user, Role.REGIO):
                return reverse("monitoring:reports") + "#gesprekken"
            return reverse(
                "monitoring:region", args=[Conversation.objects.values_list("region_id", flat=True).get(pk=ident)]
            )
        if kind == "evaluation":
            if has_role(user, Role.REGIO):
                return reverse("monitoring:reports") + "#evaluatie"
            return reverse(
                "monitoring:evaluation", args=[Evaluation.objects.values_list("plan_id", flat=True).get(pk=ident)]
            )
        if kind == "payment":
            return reverse("review:circulaires")
    except (
        ValueError,
        PlanVersion.DoesNotExist,
        Decision.DoesNotExist,
        Conversation.DoesNotExist,
        Evaluation.DoesNotExist,
    ):
        pass
    return reverse("home")
