"""Plans in the states tests need, made through the real services (the paths users take)."""

from plans import services as plan_services
from pow_portal import clock
from review import services as review_services
from tests.plans.filling import fill_plan


def plan_submitted(owner, round):
    plan = plan_services.plan_get_or_create(region=owner.region, round=round)
    fill_plan(plan, owner)
    plan_services.plan_submit(plan=plan, by=owner)
    plan.refresh_from_db()
    return plan


def plan_sent_back(owner, round, *, ot):
    """Submitted, reviewed and sent back to the region for changes (version 1 stays readable)."""
    plan = plan_submitted(owner, round)
    review_services.review_start(plan=plan, by=ot)
    review_services.comment_add(plan=plan, section="analyse", text="Graag cijfers.", by=ot)
    review_services.review_request_changes(plan=plan, by=ot, note="Vul aan.")
    plan.refresh_from_db()
    return plan


def plan_approved(owner, round, *, ot, sg, szw, decided_on=None):
    """Checked, advised and approved; on commit the payment is scheduled and the letter rendered."""
    plan = plan_submitted(owner, round)
    check = review_services.review_start(plan=plan, by=ot)
    for item in check.items.all():
        review_services.check_item_decide(item=item, confirmed=True, note="Akkoord", by=ot)
    review_services.review_mark_complete(plan=plan, by=ot)
    meeting = review_services.meeting_create(date=clock.today(), title="Stuurgroep", by=sg)
    review_services.agenda_add(meeting=meeting, plan=plan, by=sg)
    review_services.advice_record(plan=plan, kind="positief", reasons="Goed plan.", by=sg)
    decided_on = decided_on or clock.today()  # a decision date may not lie in the future
    review_services.decision_record(plan=plan, kind="goedkeuring", decided_on=decided_on, reference="2019-0001", by=szw)
    plan.refresh_from_db()
    return plan
