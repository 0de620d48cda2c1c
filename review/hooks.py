"""What review adds to the region's plan pages (registered in ReviewConfig.ready through plans.hooks)."""

import logging

from .selectors import plan_comments_by_section, plan_decision

logger = logging.getLogger(__name__)


def plan_extras(plan) -> dict:
    decision = plan_decision(plan)
    return {
        "comments": plan_comments_by_section(plan),
        "decision": decision,
        "banners": ["review/includes/decision_banner.html"] if decision else [],
    }
