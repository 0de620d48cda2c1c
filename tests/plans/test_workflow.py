"""The workflow table, tested for every state × move × role."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans.constants import PlanStatus
from plans.models import Plan, PlanStatusChange
from plans.workflow import TRANSITIONS, plan_transition
from pow_portal.constants import Role
from pow_portal.models import AuditEvent

pytestmark = pytest.mark.django_db

CASES = list(itertools.product(PlanStatus, PlanStatus, Role))


def test_the_table_covers_every_state():
    assert set(TRANSITIONS) == set(PlanStatus)


@pytest.mark.parametrize(("state", "target", "role"), CASES, ids=lambda v: str(v))
def test_every_state_move_and_role(plan, users_by_role, state, target, role):
    Plan.objects.filter(pk=plan.pk).update(status=state)
    plan.refresh_from_db()
    user = users_by_role[role]
    if role == Role.REGIO:
        user.region = plan.region
        user.save()
    allowed = target in TRANSITIONS[state] and role in TRANSITIONS[state][target]
    if allowed:
        plan_transition(plan=plan, target=target, by=user)
        plan.refresh_from_db()
        assert plan.status == target
        change = PlanStatusChange.objects.get(plan=plan)
        assert (change.from_status, change.to_status, change.by) == (state, target, user)
        assert AuditEvent.objects.filter(action=f"plan.{target}").count() == 1
    else:
        with pytest.raises((ValidationError, PermissionDenied)):
            plan_transition(plan=plan, target=target, by=user)
        plan.refresh_from_db()
        assert plan.status == state
        assert not PlanStatusChange.objects.exists()


def test_another_regions_user_cannot_move_a_plan(plan, other_regio_user):
    with pytest.raises(PermissionDenied):
        plan_transition(plan=plan, target=PlanStatus.INGEDIEND, by=other_regio_user)


def test_a_stale_page_changes_nothing(plan, regio_user):
    with pytest.raises(ValidationError) as error:
        plan_transition(plan=plan, target=PlanStatus.INGEDIEND, by=regio_user, expected_status=PlanStatus.INGEDIEND)
    assert error.value.code == "stale"
