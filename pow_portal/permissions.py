"""Who may do what by role: the one place for role rules. Views use ``roles_required``, services ``role_check``."""

import logging
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .constants import Role

logger = logging.getLogger(__name__)

#: The national roles that read submitted plans: never a region's working draft.
REVIEWER_ROLES = frozenset({Role.ONDERSTEUNINGSTEAM, Role.STUURGROEP, Role.MINISTERIE})

ERROR_ROLE = _("Uw rol mag dit niet.")


def has_role(user, *roles) -> bool:
    return getattr(user, "role", None) in roles


def role_check(user, *roles) -> None:
    """Raise PermissionDenied (and log the refusal) unless ``user`` has one of ``roles``."""
    if not has_role(user, *roles):
        logger.info("refused: user %s with role %s needs one of %s", user.pk, user.role, sorted(roles))
        raise PermissionDenied(ERROR_ROLE)


def roles_required(*roles):
    """View decorator: logged in and with one of ``roles``; anyone else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            role_check(request.user, *roles)
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def menu_for(user) -> dict[str, bool]:
    """Which main-menu entries a user sees: the templates ask these flags, never the role itself."""
    return {
        "plan": has_role(user, Role.REGIO),
        "review": has_role(user, *REVIEWER_ROLES),
        "decisions": has_role(user, Role.MINISTERIE),
        "audit": has_role(user, Role.MINISTERIE, Role.BEHEERDER),
        "pending": has_role(user, Role.MINISTERIE, Role.ONDERSTEUNINGSTEAM),
        "monitoring": has_role(user, Role.REGIO, *REVIEWER_ROLES),
        "inbox": bool(getattr(user, "role", None)),
    }


#: Roles that approve plans, move money or keep the portal: granting one takes a second beheerder's confirmation.
CONFIRMED_ROLES = frozenset({Role.MINISTERIE, Role.BEHEERDER})


def grant_needs_confirmation(role: str, *, active: bool = True, before=None) -> bool:
    """Whether saving an account (active) with ``role`` waits for a second beheerder: it does for the roles that
    need a confirmation, unless the account (``before``: as stored) already held that very role, active."""
    if not (active and role in CONFIRMED_ROLES):
        return False
    return not (before is not None and holds_confirmed_role(before) and before.role == role)


def holds_confirmed_role(user) -> bool:
    """Whether ``user`` (as stored) is an active account with one of the roles that need a confirmation."""
    return bool(user.is_active) and has_role(user, *CONFIRMED_ROLES)
