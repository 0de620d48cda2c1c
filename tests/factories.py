"""Test data factories. Users get a role through traits: ``UserFactory(regio=True)``."""

import factory

from pow_portal.constants import Role
from pow_portal.models import Arbeidsmarktregio, User

PASSWORD = "correct-horse-battery"


def region(name="Helmond-De Peel"):
    """One of the 35 seeded regions (the data migration ships them)."""
    return Arbeidsmarktregio.objects.get(name=name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    role = Role.ONDERSTEUNINGSTEAM
    region = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        regio = factory.Trait(role=Role.REGIO, region=factory.LazyFunction(region))
        ondersteuningsteam = factory.Trait(role=Role.ONDERSTEUNINGSTEAM)
        stuurgroep = factory.Trait(role=Role.STUURGROEP)
        ministerie = factory.Trait(role=Role.MINISTERIE)
        beheerder = factory.Trait(role=Role.BEHEERDER)


STATES = ["concept", "drafted", "submitted", "in_review", "complete", "advised", "approved"]


def reviewer(role: str):
    """The one user of a reviewer role that the plan factory acts as."""
    return UserFactory(username=f"factory-{role}", **{role: True})


class PlanFactory(factory.Factory):
    """A region's plan, brought to a state through the real services, the way its users get it there.

    ``PlanFactory()`` is an empty concept; traits walk further: ``drafted`` (every section filled),
    ``submitted``, ``in_review``, ``complete``, ``advised`` (positive), ``approved``. ``by`` is the
    region's user (made when not given); the reviewers are ``reviewer("ondersteuningsteam")`` etc.
    """

    class Meta:
        model = dict  # built by _create through the services, never by the model's constructor

    by = factory.LazyFunction(lambda: UserFactory(username="factory-regio", regio=True))
    state = "concept"

    class Params:
        drafted = factory.Trait(state="drafted")
        submitted = factory.Trait(state="submitted")
        in_review = factory.Trait(state="in_review")
        complete = factory.Trait(state="complete")
        advised = factory.Trait(state="advised")
        approved = factory.Trait(state="approved")

    @classmethod
    def _create(cls, model_class, *, by, state):
        import datetime

        import time_machine

        from plans import services as plan_services
        from pow_portal.models import ProgrammeRound
        from review import services
        from tests.conftest import on
        from tests.plans.filling import fill_plan

        reached = STATES.index(state)
        plan = plan_services.plan_get_or_create(region=by.region, round=ProgrammeRound.objects.current())
        # The 2019 calendar: submitted 1 April, advised 23 May, approved 3 June (the clock and the database agree).
        with time_machine.travel(on(datetime.date(2019, 4, 1)), tick=True) as calendar:
            if reached >= STATES.index("drafted"):
                fill_plan(plan, by)
            if reached >= STATES.index("submitted"):
                plan_services.plan_submit(plan=plan, by=by)
            if reached >= STATES.index("in_review"):
                ot = reviewer("ondersteuningsteam")
                services.review_start(plan=plan, by=ot)
            if reached >= STATES.index("complete"):
                services.check_confirm_proposals(plan=plan, by=ot)
                services.review_mark_complete(plan=plan, by=ot)
            if reached >= STATES.index("advised"):
                calendar.move_to(on(datetime.date(2019, 5, 23)))
                sg = reviewer("stuurgroep")
                meeting = services.meeting_create(date=datetime.date(2019, 5, 23), title="Stuurgroep mei", by=sg)
                services.agenda_add(meeting=meeting, plan=plan, by=sg)
                services.advice_record(plan=plan, kind="positief", reasons="Breed gedragen plan.", by=sg)
            if reached >= STATES.index("approved"):
                calendar.move_to(on(datetime.date(2019, 6, 3)))
                services.decision_record(plan=plan, kind="goedkeuring", decided_on=datetime.date(2019, 6, 3),
                                         reference="2019-0000123456", by=reviewer("ministerie"))  # fmt: skip
        plan.refresh_from_db()
        return plan
