"""The test world of the whole-site tests: plans in the states every URL needs, and one user per kind of visitor."""

import datetime
import hashlib

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django_otp.plugins.otp_static.models import StaticDevice

from monitoring import services as monitoring_services
from monitoring.models import NationalMeeting
from plans import services as plan_services
from plans.models import PlanFile
from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.models import Job, JobState, Notification, OIDCIdentity, Passkey, RoleGrant
from review import services as review_services
from review.models import Payment, StuurgroepMeeting
from tests import world as world_plans
from tests.conftest import on
from tests.factories import UserFactory, region
from tests.monitoring.conftest import filled_report_version
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
    monitoring = _monitoring_world(plan_b, owner_b, ot, szw, django_capture_on_commit_callbacks)
    job = Job.objects.create(
        kind="review.export",
        key="toegangstest-export",
        state=JobState.DONE,
        requested_by=szw,
        payload={"circulaire_id": payment.circulaire_id, "format": "csv", "rows": 1},
    )
    failed = Job.objects.create(
        kind="review.decision_letter",
        key="toegangstest-mislukt",
        state=JobState.FAILED,
        payload={"decision_id": 0},
        last_error="LetterTemplate.DoesNotExist",
    )
    job.file.save("toegangstest.csv", ContentFile(b"regio;bedrag\n"), save=False)
    job.sha256 = hashlib.sha256(b"regio;bedrag\n").hexdigest()
    job.save()
    return {
        "visitors": {
            "anoniem": None,
            # monitoring's objects belong to plan B's region
            "eigen regio": {
                "A": owner_a,
                "B": owner_b,
                "C": owner_c,
                "D": owner_d,
                **dict.fromkeys(monitoring, owner_b),
            },
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
            "export-job": {"pk": job.pk},
            "failed-job": {"pk": failed.pk},
            **monitoring,
        },
    }


def _monitoring_world(plan_b, owner_b, ot, szw, capture):
    """Monitoring objects of plan B's region (Noord-Limburg): a submitted report, a conversation with a follow-up,
    a national meeting, the overview and a dossier file, and a notification to the support team."""
    with capture(execute=True):
        version = filled_report_version(plan_b, owner_b)
        conversation = monitoring_services.conversation_record(
            region=plan_b.region, held_on=datetime.date(2019, 11, 1), participants="Wethouder",
            agreements="Afspraken", follow_ups=[("Cijfers sturen", datetime.date(2019, 12, 1))], by=ot,
        )  # fmt: skip
    # the ministry's evaluation of plan B, in January 2020 (the letter job runs on commit, on that day too)
    with time_machine.travel(on(datetime.date(2020, 1, 15))), capture(execute=True):
        monitoring_services.evaluation_record(
            plan=plan_b, good_progress=True, reasons="Goede voortgang", evaluated_on=clock.today(), by=szw
        )
    # objects of the admin's login models, so their pages answer about a real object
    AccessAttempt.objects.create(
        username="iemand", ip_address="127.0.0.1", user_agent="test", failures_since_start=1,
        get_data="", post_data="", http_accept="*/*", path_info="/inloggen/",
    )  # fmt: skip
    StaticDevice.objects.create(user=szw, name="herstelcodes")
    RoleGrant.objects.create(user=ot, role=Role.MINISTERIE, requested_by=szw)  # a pending grant: its admin pages
    OIDCIdentity.objects.create(user=szw, name="organisatie", issuer="https://idp.example.nl", sub="szw-1")
    Passkey.objects.create(user=szw, name="Laptop", confirmed=True, credential_id="cred-szw", public_key=b"k")
    overview = Job.objects.create(
        kind="monitoring.overview", key="toegangstest-overzicht", requested_by=szw, payload={"digest": "-"}
    )
    dossier = Job.objects.create(
        kind="monitoring.dossier", key="toegangstest-dossier", requested_by=szw, payload={"region_id": plan_b.region_id}
    )
    notification = next(n for n in Notification.objects.order_by("pk") if ot.email in n.to)
    by_region = {"pk": plan_b.region_id}
    return {
        "report": {"period_id": version.report.period_id, "pk": version.pk},
        "region": by_region,
        "evaluation": {"pk": plan_b.pk},
        "meeting": {"pk": NationalMeeting.objects.order_by("pk").first().pk},
        "follow-up": {"pk": conversation.follow_ups.get().pk},
        "overview-file": {"pk": overview.pk},
        "dossier-file": {"pk": dossier.pk},
        "notification": {"pk": notification.pk},
        "dashboard": {"fmt": "csv"},
    }
