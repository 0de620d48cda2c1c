"""Who may see and change a plan: the one place for plan-object rules; views and services ask these functions.

Another region's plan is a 404 (its existence is not disclosed). Only the region's own users see its
working draft (section pages, checklist, submission page); reviewers read submitted versions only,
also while the plan is back with the region (SPEC.md, roles).
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from pow_portal.constants import Role
from pow_portal.permissions import REVIEWER_ROLES, has_role

from .models import Plan

logger = logging.getLogger(__name__)

ERROR_NOT_EDITABLE = _("Dit plan is ingediend en kan nu niet worden gewijzigd.")
ERROR_NOT_YOUR_REGION = _("U kunt alleen het plan van uw eigen regio wijzigen.")
ERROR_DRAFT = _("Alleen de regio zelf ziet het werkconcept; u ziet de ingediende versies.")


def is_plan_region_user(user, plan: Plan) -> bool:
    """A regio-medewerker of the plan's own region: the only one who ever reads the draft or writes its text."""
    return has_role(user, Role.REGIO) and plan.region_id == user.region_id


def is_reviewer(user) -> bool:
    return has_role(user, *REVIEWER_ROLES)


def can_view_plan(user, plan: Plan) -> bool:
    if has_role(user, Role.REGIO):
        return is_plan_region_user(user, plan)
    if is_reviewer(user):
        return plan.versions.exists()  # drafts stay with the region until submitted
    return False


def can_view_draft(user, plan: Plan) -> bool:
    return is_plan_region_user(user, plan)


def can_edit_plan(user, plan: Plan) -> bool:
    return is_plan_region_user(user, plan) and plan.is_editable


def get_plan_for(user, pk: int) -> Plan:
    """The plan ``pk`` if ``user`` may see it at all (submitted versions or own draft), else 404."""
    plan = Plan.objects.select_related("region", "round").filter(pk=pk).first()
    if plan is None or not can_view_plan(user, plan):
        raise Http404
    return plan


def get_draft_for(user, pk: int) -> Plan:
    """The plan ``pk`` for a page that shows its working draft: the own region only; reviewers get 403."""
    plan = get_plan_for(user, pk)
    if not can_view_draft(user, plan):
        logger.info("refused: user %s (%s) asked for the draft of plan %s", user.pk, user.role, plan.pk)
        raise PermissionDenied(ERROR_DRAFT)
    return plan


def check_can_edit(plan: Plan, by) -> None:
    """Raise unless ``by`` may change ``plan``'s draft now (services call this inside their transaction)."""
    if not is_plan_region_user(by, plan):
        logger.info("refused: user %s may not edit plan %s (other region or role)", by.pk, plan.pk)
        raise PermissionDenied(ERROR_NOT_YOUR_REGION)
    if not plan.is_editable:
        logger.info("refused: plan %s is %s, not editable", plan.pk, plan.status)
        raise ValidationError(ERROR_NOT_EDITABLE, code="not_editable")
