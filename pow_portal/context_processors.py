from .constants import Role
from .models import ProgrammeRound
from .permissions import menu_for


def portal(request):
    """The current programme round, the role names and the user's menu flags, for every template."""
    return {"current_round": ProgrammeRound.objects.current(), "Role": Role, "menu": menu_for(request.user)}
