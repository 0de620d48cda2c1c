from . import oidc
from .constants import Role
from .models import ProgrammeRound


def portal(request):
    """The current programme round, the role names and whether sign-in through an organisation is on."""
    return {"current_round": ProgrammeRound.objects.current(), "Role": Role, "sso_enabled": oidc.configured()}
