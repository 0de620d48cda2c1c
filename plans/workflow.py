"""The plan workflow: one table of states and moves, one entry point.

``TRANSITIONS[state][target]`` is the set of roles allowed to make that move. Nothing else sets
``plan.status``: every move goes through :func:`plan_transition`, which checks the move and the
role, locks the plan row, writes the history and audit rows and queues side effects on commit.
Moves that belong to review (start review, request changes, complete, agenda, advice, decision)
are in the table now; the review app calls ``plan_transition`` for them and adds its own work in
the same transaction.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from pow_portal.constants import Role
from pow_portal.permissions import has_role
from pow_portal.services import audit_log

from .constants import PlanStatus as S
from .models import Plan, PlanStatusChange
from .permissions import is_plan_region_user

logger = logging.getLogger(__name__)

R = Role

# Sent inside the move's transaction, after the status is saved: ``sender=Plan, plan, source, target, by, note``.
# Apps above plans (review: releasing a reservation) do their part of a move here; a receiver that raises
# undoes the whole move.
plan_moved = Signal()

# A region may withdraw its plan until the ministry has decided.
_WITHDRAW = {S.INGETROKKEN: frozenset({R.REGIO})}

TRANSITIONS: dict[str, dict[str, frozenset]] = {
    S.CONCEPT: {S.INGEDIEND: frozenset({R.REGIO}), S.INGETROKKEN: frozenset({R.REGIO})},
    S.INGEDIEND: {
        S.IN_BEOORDELING: frozenset({R.ONDERSTEUNINGSTEAM}),
        S.INGETROKKEN: frozenset({R.REGIO}),
    },
    S.IN_BEOORDELING: {
        S.AANVULLING_GEVRAAGD: frozenset({R.ONDERSTEUNINGSTEAM}),
        S.VOLLEDIG: frozenset({R.ONDERSTEUNINGSTEAM}),
        **_WITHDRAW,
    },
    S.AANVULLING_GEVRAAGD: {S.INGEDIEND: frozenset({R.REGIO}), **_WITHDRAW},
    S.VOLLEDIG: {S.GEAGENDEERD: frozenset({R.STUURGROEP}), **_WITHDRAW},
    S.GEAGENDEERD: {S.GEADVISEERD: frozenset({R.STUURGROEP}), **_WITHDRAW},
    S.GEADVISEERD: {S.GOEDGEKEURD: frozenset({R.MINISTERIE}), S.AFGEWEZEN: frozenset({R.MINISTERIE}), **_WITHDRAW},
    S.GOEDGEKEURD: {},
    S.AFGEWEZEN: {},
    S.INGETROKKEN: {},
}

ERROR_ILLEGAL_MOVE = _("Een plan met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
ERROR_ROLE = _("Uw rol mag deze stap niet zetten.")
ERROR_OTHER_REGION = _("Dit plan is van een andere regio.")
ERROR_ADVICE_FIRST = _("Het advies van de stuurgroep is eerst nodig. Het plan wacht nog op dat advies.")
ERROR_AGENDA_FIRST = _("Het plan moet eerst op de agenda van een stuurgroepvergadering staan.")
ERROR_COMPLETE_FIRST = _("Het ondersteuningsteam moet het plan eerst volledig verklaren.")
#: The message for a move that comes too early on the route (the plan is before the step it needs).
NOT_YET = {
    S.GOEDGEKEURD: ERROR_ADVICE_FIRST,
    S.AFGEWEZEN: ERROR_ADVICE_FIRST,
    S.GEADVISEERD: ERROR_AGENDA_FIRST,
    S.GEAGENDEERD: ERROR_COMPLETE_FIRST,
}
#: The states in route order (withdrawn last).
ROUTE = [S.CONCEPT, S.AANVULLING_GEVRAAGD, S.INGEDIEND, S.IN_BEOORDELING, S.VOLLEDIG, S.GEAGENDEERD,
         S.GEADVISEERD, S.GOEDGEKEURD, S.AFGEWEZEN, S.INGETROKKEN]  # fmt: skip
ERROR_STALE = _("Het plan is intussen door iemand anders gewijzigd (status ‘%(now)s’). Bekijk de actuele stand.")


def allowed_targets(plan: Plan, user) -> list[str]:
    """The moves ``user`` may make on ``plan`` now, for buttons (the same check as the move itself)."""
    allowed = []
    for target in TRANSITIONS[plan.status]:
        try:
            check_transition(plan, target, user)
        except (ValidationError, PermissionDenied):
            continue
        allowed.append(target)
    return allowed


def states_waiting_for(role) -> list[str]:
    """The states in which a plan waits for ``role`` to move it (a reviewer's start page), from the table."""
    return [state for state, moves in TRANSITIONS.items() if any(role in roles for roles in moves.values())]


def check_transition(plan: Plan, target: str, by) -> None:
    if target not in TRANSITIONS[plan.status]:
        raise ValidationError(
            ERROR_ILLEGAL_MOVE % {"from": S(plan.status).label, "to": S(target).label}, code="illegal_move"
        )
    if not has_role(by, *TRANSITIONS[plan.status][target]):
        raise PermissionDenied(ERROR_ROLE)
    if has_role(by, Role.REGIO) and not is_plan_region_user(by, plan):
        raise PermissionDenied(ERROR_OTHER_REGION)


def plan_transition(
    *,
    plan: Plan,
    target: str,
    by,
    note: str = "",
    expected_status: str | None = None,
    within: Callable[[Plan], Any] | None = None,
) -> Any:
    """Move ``plan`` to ``target`` as ``by``. Atomic; raises ValidationError/PermissionDenied and changes nothing
    when the move is not allowed.

    ``expected_status`` guards against double clicks and stale pages: the move happens only if the plan
    is still in the state the user saw. ``within(plan)`` runs inside the same transaction, after the
    checks and before the status is saved (e.g. to create the submitted version); its return value is
    what ``plan_transition`` returns. Without ``within`` it returns the moved plan.
    """
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if expected_status is not None and locked.status != expected_status:
            _refuse_unexpected(locked, target, expected_status)
        try:
            check_transition(locked, target, by)
        except (ValidationError, PermissionDenied) as refusal:
            logger.info("refused: plan %s %s → %s by user %s: %s", locked.pk, locked.status, target, by.pk, refusal)
            raise
        old = locked.status
        result = within(locked) if within is not None else locked
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        PlanStatusChange.objects.create(plan=locked, from_status=old, to_status=target, by=by, note=note)
        audit_log(actor=by, action=f"plan.{target}", obj=locked, data={"from": old, "to": target, "note": str(note)})
        plan_moved.send(sender=Plan, plan=locked, source=old, target=target, by=by, note=str(note))
    plan.status = locked.status
    logger.info("plan %s: %s → %s by user %s", locked.pk, old, target, by.pk)
    return result


def _refuse_unexpected(locked: Plan, target: str, expected_status: str):
    """The plan is not in the state the user's page showed: say why in words that fit the case."""
    if ROUTE.index(locked.status) < ROUTE.index(expected_status) and target in NOT_YET:
        logger.info("refused: plan %s is %s, %s needs %s first", locked.pk, locked.status, target, expected_status)
        raise ValidationError(NOT_YET[target], code="not_yet")
    logger.info("refused: plan %s is %s, the page expected %s", locked.pk, locked.status, expected_status)
    raise ValidationError(ERROR_STALE % {"now": S(locked.status).label}, code="stale")
