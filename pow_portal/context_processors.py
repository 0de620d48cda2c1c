from . import oidc
from .constants import Role
from .models import ProgrammeRound
from .permissions import menu_for


def portal(request):
    """The current programme round, the role names, the user's menu flags and whether sign-in through an
    organisation is on, for every template."""
    return {
        "current_round": ProgrammeRound.objects.current(),
        "Role": Role,
        "menu": menu_for(request.user),
        "sso_enabled": oidc.configured(),
    }
