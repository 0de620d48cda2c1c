"""Who may see what in monitoring. A region sees its own reports and conversations only (others: 404)."""

from django.http import Http404

from plans.permissions import REVIEWER_ROLES
from pow_portal.constants import Role


def can_view_region(user, region_id: int) -> bool:
    if user.role == Role.REGIO:
        return user.region_id == region_id
    return user.role in REVIEWER_ROLES


def check_region(user, region_id: int):
    if not can_view_region(user, region_id):
        raise Http404
