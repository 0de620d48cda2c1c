"""What review adds to the region's plan pages (registered in ReviewConfig.ready through plans.hooks)."""

from .selectors import plan_comments_by_section, plan_decision


def plan_extras(plan) -> dict:
    decision = plan_decision(plan)
    return {
        "comments": plan_comments_by_section(plan),
        "decision": decision,
        "banners": ["review/includes/decision_banner.html"] if decision else [],
    }
