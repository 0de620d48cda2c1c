"""Reads of the core for start pages and health."""

import logging

from django.db.models import Count

from .constants import Role
from .models import Arbeidsmarktregio, User

logger = logging.getLogger(__name__)


def region_list_with_user_counts():
    return Arbeidsmarktregio.objects.annotate(user_count=Count("users")).order_by("name")


def user_counts_by_role() -> dict[str, int]:
    counts = dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id")).order_by())
    return {role: counts.get(role.value, 0) for role in Role}


def active_emails(*, role, region=None) -> list[str]:
    """E-mail addresses of the active users with ``role`` (of ``region``, for regio-medewerkers)."""
    users = User.objects.filter(role=role, is_active=True).exclude(email="")
    if region is not None:
        users = users.filter(region=region)
    return list(users.values_list("email", flat=True))
