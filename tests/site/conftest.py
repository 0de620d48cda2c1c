"""The test world of the whole-site tests: plans in the states every URL needs, and one user per kind of visitor."""

import pytest
from django.contrib.auth.models import Group

from plans import services as plan_services
from plans.models import PlanFile
from pow_portal.constants import Role
from review import services as review_services
from review.models import Payment, StuurgroepMeeting
from tests import world as world_plans
from tests.factories import UserFactory, region
from tests.plans.filling import fill_plan


@pytest.fixture
def world(open_round, django_capture_on_commit_callbacks):
    """Plan A (Helmond) sent back for changes; B (Noord-Limburg) approved and on a payment list; C in review."""
    owner_a = UserFactory(username="acc-helmond", regio=True)
    owner_b = UserFactory(username="acc-noordlimburg", role=Role.REGIO, region=region("Noord-Limburg"))
    owner_c = UserFactory(username="acc-rijnmond", role=Role.REGIO, region=region("Rijnmond"))
    owner_d = UserFactory(username="acc-twente", role=Role.REGIO, region=region("Twente"))
    other = UserFactory(username="acc-rijnland", role=Role.REGIO, region=region("Holland Rijnland"))
    ot = UserFactory(username="acc-ot", ondersteuningsteam=True)
    sg = UserFactory(username="acc-sg", stuurgroep=True)
    szw = UserFactory(username="acc-szw", ministerie=True)
    beheer = UserFactory(username="acc-beheer", beheerder=True)
    Group.objects.create(name="Toegangstest")  # so the group admin's object pages have an object
    with django_capture_on_commit_callbacks(execute=True):
        plan_a = world_plans.plan_sent_back(owner_a, open_round, ot=ot)
        plan_c = world_plans.plan_submitted(owner_c, open_round)
        plan_d = plan_services.plan_get_or_create(region=owner_d.region, round=open_round)
        fill_plan(plan_d, owner_d)  # a draft, never submitted: only Twente's own users may see it
        check_c = review_services.review_start(plan=plan_c, by=ot)
        plan_b = world_plans.plan_approved(owner_b, open_round, ot=ot, sg=sg, szw=szw)
    payment = Payment.objects.get()
    a_kwargs = {"pk": plan_a.pk, "key": "analyse", "slot": "infrastructuur", "number": 1}
    a_kwargs["file_id"] = PlanFile.objects.filter(plan=plan_a).first().pk
    c_kwargs = {"pk": plan_c.pk, "item_id": check_c.items.order_by("pk").first().pk}
    b_kwargs = {"pk": plan_b.pk, "meeting_id": StuurgroepMeeting.objects.get().pk}
    money = {"pk": payment.circulaire_id, "fmt": "csv"}
    return {
        "visitors": {
            "anoniem": None,
            "eigen regio": {"A": owner_a, "B": owner_b, "C": owner_c, "D": owner_d},
            "andere regio": other,
            "ondersteuningsteam": ot,
            "stuurgroep": sg,
            "ministerie": szw,
            "beheerder": beheer,
        },
        "kwargs": {
            "A": a_kwargs,
            "B": b_kwargs,
            "C": c_kwargs,
            "D": {
                "pk": plan_d.pk,
                "key": "analyse",
                "slot": "infrastructuur",
                "file_id": PlanFile.objects.filter(plan=plan_d).first().pk,
            },
            "circulaire": money,
            "payment": {"pk": payment.pk, "action": "annuleren"},
        },
    }
