import pytest

from plans import services
from plans.constants import Section
from pow_portal.models import ProgrammeRound


@pytest.fixture
def plan(regio_user):
    return services.plan_get_or_create(region=regio_user.region, round=ProgrammeRound.objects.current())


@pytest.fixture
def section(plan):
    def _section(key):
        return plan.sections.get(section=Section(key))

    return _section
