"""Reads of the core for start pages and health."""

import logging

from django.db.models import Count

from .constants import Role
from .models import Arbeidsmarktregio, Job, JobState, User

logger = logging.getLogger(__name__)


def region_list_with_user_counts():
    return Arbeidsmarktregio.objects.annotate(user_count=Count("users")).order_by("name")


def user_counts_by_role() -> dict[str, int]:
    counts = dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id")).order_by())
    return {role: counts.get(role.value, 0) for role in Role}


def jobs_unfinished(*, limit: int = 200) -> dict:
    """Background work that is not done: failed jobs (with their reason) first, then waiting and running ones,
    oldest first (2 queries)."""
    failed = list(Job.objects.filter(state=JobState.FAILED).order_by("created_at", "id")[:limit])
    open_ = list(
        Job.objects.filter(state__in=[JobState.WAITING, JobState.RUNNING]).order_by("created_at", "id")[:limit]
    )
    return {"failed": failed, "open": open_}


def job_counts() -> dict[str, int]:
    """How many jobs failed and how many wait or run (one query), for the start pages."""
    counts = dict(Job.objects.exclude(state=JobState.DONE).values_list("state").annotate(n=Count("id")).order_by())
    return {
        "failed": counts.get(JobState.FAILED, 0),
        "waiting": counts.get(JobState.WAITING, 0) + counts.get(JobState.RUNNING, 0),
    }


def active_emails(*, role, region=None) -> list[str]:
    """E-mail addresses of the active users with ``role`` (of ``region``, for regio-medewerkers)."""
    users = User.objects.filter(role=role, is_active=True).exclude(email="")
    if region is not None:
        users = users.filter(region=region)
    return list(users.values_list("email", flat=True))


# ---- Audit trail (issue 12) ---------------------------------------------------------------------------


BEHEER_ACTIONS = ("beheer.", "role_grant.")


def audit_event_list(*, action="", object_type="", role="", since=None, until=None, beheer_only=False):
    """The audit trail, newest first, filtered; actor and region in the same query. ``beheer_only``: the changes
    made in Beheer (the Django admin) and the role grants."""
    from django.db.models import Q

    from .models import AuditEvent

    events = AuditEvent.objects.select_related("actor", "actor__region").order_by("-created_at", "-id")
    if beheer_only:
        events = events.filter(Q(action__startswith=BEHEER_ACTIONS[0]) | Q(action__startswith=BEHEER_ACTIONS[1]))
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if role:
        events = events.filter(actor__role=role)
    if since:
        events = events.filter(created_at__date__gte=since)
    if until:
        events = events.filter(created_at__date__lte=until)
    return events


def audit_filter_choices() -> dict[str, list[str]]:
    """The actions and object types that occur, for the filter's lists (one query)."""
    from .models import AuditEvent

    pairs = set(AuditEvent.objects.values_list("action", "object_type").distinct().order_by())
    return {"actions": sorted({a for a, _t in pairs}), "object_types": sorted({t for _a, t in pairs})}
