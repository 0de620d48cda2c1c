"""The seam between approval and money. The payments issue fills ``plan_approved``; approval calls it once."""

import logging

logger = logging.getLogger(__name__)


def plan_approved(*, decision_id: int) -> None:
    """Called exactly once per approval, after the decision's transaction commits."""
    logger.info("plan approved: decision %s (payment scheduling follows in the payments module)", decision_id)
