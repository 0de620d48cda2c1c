"""The progress report's workflow: one table of states and moves, one entry point.

``TRANSITIONS[state][target]`` is the set of roles allowed to make that move. Nothing else sets
``report.status``: every move goes through :func:`report_transition`, which checks the move and the role
(a region only its own report), locks the report row, runs the service's own work, and writes the history
row (``ReportStatusChange``) and the audit row in the same transaction.
"""

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pow_portal.constants import Role
from pow_portal.permissions import role_check
from pow_portal.services import audit_log

from .constants import ReportStatus as S
from .models import ProgressReport, ProgressReportVersion, ReportStatusChange
from .permissions import check_report_writer

logger = logging.getLogger(__name__)

R = Role

TRANSITIONS: dict[str, dict[str, frozenset]] = {
    S.CONCEPT: {S.INGEDIEND: frozenset({R.REGIO})},
    S.INGEDIEND: {
        S.GEACCEPTEERD: frozenset({R.ONDERSTEUNINGSTEAM}),
        S.AANVULLING_GEVRAAGD: frozenset({R.ONDERSTEUNINGSTEAM}),
    },
    S.AANVULLING_GEVRAAGD: {S.INGEDIEND: frozenset({R.REGIO})},
    S.GEACCEPTEERD: {},
}

#: The states in which the region may still change its draft: those it can submit from.
EDITABLE_STATES = frozenset(state for state, moves in TRANSITIONS.items() if S.INGEDIEND in moves)

ERROR_REPORT_NOT_EDITABLE = _("Deze rapportage is ingediend en kan nu niet worden gewijzigd.")
ERROR_NOT_SUBMITTED = _("Alleen een ingediende rapportage kan worden beoordeeld.")
#: Why a move is not possible from the report's current state, in the words of the step the user tried.
NOT_NOW = {
    S.INGEDIEND: (ERROR_REPORT_NOT_EDITABLE, "not_editable"),
    S.GEACCEPTEERD: (ERROR_NOT_SUBMITTED, "not_submitted"),
    S.AANVULLING_GEVRAAGD: (ERROR_NOT_SUBMITTED, "not_submitted"),
}


def check_transition(report: ProgressReport, target: str, by) -> None:
    """Refuse (PermissionDenied or ValidationError) unless ``by`` may move ``report`` to ``target`` now."""
    roles = {role for moves in TRANSITIONS.values() for role in moves.get(target, ())}
    if R.REGIO in roles:
        check_report_writer(by, report.plan.region_id)
    else:
        role_check(by, *roles)
    if target not in TRANSITIONS[report.status]:
        message, code = NOT_NOW[target]
        raise ValidationError(message, code=code)


def check_editable(report: ProgressReport, by) -> None:
    """The region may change its draft exactly when it could submit it."""
    check_transition(report, S.INGEDIEND, by)


def report_transition(
    *,
    report: ProgressReport,
    target: str,
    by,
    note: str = "",
    within: Callable[[ProgressReport], ProgressReportVersion] | None = None,
) -> ProgressReportVersion | None:
    """Move ``report`` to ``target`` as ``by``. Atomic; refuses and changes nothing when the move is not allowed.

    ``within(report)`` runs inside the same transaction on the locked row, after the checks and before the
    status is saved (creating the submitted version, recording the review); it returns the version the move
    is about, which the history row points to and ``report_transition`` returns.
    """
    with transaction.atomic():
        locked = (
            ProgressReport.objects.select_for_update(of=("self",))
            .select_related("plan__region", "period")
            .get(pk=report.pk)
        )
        try:
            check_transition(locked, target, by)
        except (ValidationError, PermissionDenied) as refusal:
            logger.info("refused: report %s %s → %s by user %s: %s", locked.pk, locked.status, target, by.pk, refusal)
            raise
        old = locked.status
        version = within(locked) if within is not None else None
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        ReportStatusChange.objects.create(
            report=locked, version=version, from_status=old, to_status=target, by=by, note=note
        )
        audit_log(
            actor=by,
            action=f"report.{target}",
            obj=locked,
            data={"from": old, "to": target, "version": version.number if version else None, "note": note},
        )
    report.status = locked.status
    logger.info("report %s: %s → %s by user %s", locked.pk, old, target, by.pk)
    return version
