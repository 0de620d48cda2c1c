from .constants import Role
from .models import ProgrammeRound


def portal(request):
    """The current programme round and the role names, for every template."""
    return {"current_round": ProgrammeRound.objects.current(), "Role": Role}
