"""Who may see what in monitoring. A region sees its own reports and conversations only (others: 404)."""

from django.http import Http404

from plans.permissions import REVIEWER_ROLES
from pow_portal.constants import Role
from pow_portal.permissions import has_role


def can_view_region(user, region_id: int) -> bool:
    if has_role(user, Role.REGIO):
        return user.region_id == region_id
    return has_role(user, *REVIEWER_ROLES)


def check_region(user, region_id: int):
    if not can_view_region(user, region_id):
        raise Http404
