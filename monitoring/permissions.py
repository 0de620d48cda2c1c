"""Who may see and do what in monitoring: the one place for its role rules.

A region sees and writes its own reports and conversations only (others: 404). Views, services and
templates ask these functions; templates get their answers as flags from the view.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from plans.permissions import REVIEWER_ROLES
from pow_portal.constants import Role
from pow_portal.permissions import has_role, role_check

logger = logging.getLogger(__name__)

ERROR_NOT_YOUR_REGION = _("U kunt alleen de rapportage van uw eigen regio wijzigen.")

#: The support team keeps the record: attendance, conversations, follow-ups, the reading of reports.
RECORD_KEEPERS = (Role.ONDERSTEUNINGSTEAM,)
#: The national dashboard, its exports and a region's dossier are for the ministry and the support team.
DASHBOARD_ROLES = (Role.MINISTERIE, Role.ONDERSTEUNINGSTEAM)
#: The stuurgroep advises on a region's progress; the ministry evaluates it and decides the 2020 money.
ADVISERS = (Role.STUURGROEP,)
EVALUATORS = (Role.MINISTERIE,)


def can_view_region(user, region_id: int) -> bool:
    if has_role(user, Role.REGIO):
        return user.region_id == region_id
    return has_role(user, *REVIEWER_ROLES)


def check_region(user, region_id: int):
    if not can_view_region(user, region_id):
        raise Http404


def is_region_user(user) -> bool:
    return has_role(user, Role.REGIO)


def is_reviewer(user) -> bool:
    return has_role(user, *REVIEWER_ROLES)


def can_keep_record(user) -> bool:
    """Record attendance and conversations, complete follow-ups, accept reports or ask for more."""
    return has_role(user, *RECORD_KEEPERS)


def can_see_dashboard(user) -> bool:
    return has_role(user, *DASHBOARD_ROLES)


def can_advise(user) -> bool:
    return has_role(user, *ADVISERS)


def can_evaluate(user) -> bool:
    return has_role(user, *EVALUATORS)


def check_report_writer(user, region_id: int) -> None:
    """Only a user of the report's own region writes it; anyone else is refused (and logged)."""
    if not (is_region_user(user) and user.region_id == region_id):
        logger.info("refused: user %s may not write region %s's report", user.pk, region_id)
        raise PermissionDenied(ERROR_NOT_YOUR_REGION)


def check_record_keeper(user) -> None:
    role_check(user, *RECORD_KEEPERS)


def check_adviser(user) -> None:
    role_check(user, *ADVISERS)


def check_evaluator(user) -> None:
    role_check(user, *EVALUATORS)
