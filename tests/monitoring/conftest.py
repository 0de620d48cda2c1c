import datetime

import pytest

from monitoring import services
from monitoring.models import MonitoringPeriod, NationalMeeting
from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound
from review.models import Decision

D = datetime.date
OCT_1 = D(2019, 10, 1)


def approved_plan(region_name, user, decided_on=OCT_1, ambition=120):
    """An approved plan with its decision, made directly (the review flow has its own tests)."""
    region = Arbeidsmarktregio.objects.get(name=region_name)
    plan = Plan.objects.create(region=region, round=ProgrammeRound.objects.current(), status=PlanStatus.GOEDGEKEURD)
    content = {"files": {}, "sections": {"ambitie": {"data": {"matches_total": ambition, "matches_2019": ambition // 3,
                                                             "reguliere_baan": ambition // 2}}}}  # fmt: skip
    version = PlanVersion.objects.create(plan=plan, number=1, content=content, submitted_by=user)
    Decision.objects.create(plan=plan, version=version, kind="goedkeuring", decided_on=decided_on,
                            reference=f"REF-{region.code}", decided_by=user)  # fmt: skip
    return plan


@pytest.fixture
def people(make_user):
    return {
        "regio": make_user(username="m-regio", regio=True),
        "ot": make_user(username="m-ot", ondersteuningsteam=True),
        "sg": make_user(username="m-sg", stuurgroep=True),
        "szw": make_user(username="m-szw", ministerie=True),
    }


@pytest.fixture
def plan(people):
    return approved_plan("Helmond-De Peel", people["szw"])


def period(name="Vragenlijst januari 2020"):
    return MonitoringPeriod.objects.get(name=name)


def attend_all(region, by, status="aanwezig"):
    for meeting in NationalMeeting.objects.filter(counts_for_attendance=True):
        services.attendance_record(meeting=meeting, region=region, status=status, attendees="Wethouder", by=by)


NUMBERS = {"matches_regulier": 30, "matches_leerwerkplek": 10, "matches_overig": 5, "werkfitte_kandidaten": 80}
TEXTS = {
    "aanbod": "Kandidaten in beeld.",
    "vraag": "Werkgevers benaderd.",
    "route": "Eén bestand.",
    "scholing": "BBL-trajecten.",
    "knelpunten": "Vervoer.",
    "goede_voorbeelden": "Zorgbanen.",
}


def filled_report_version(plan, user, period_=None):
    report = services.report_get_or_create(plan=plan, period=period_ or period(), by=user)
    report = services.report_update(report=report, numbers=NUMBERS, texts=TEXTS, expected_version=report.version,
                                    by=user)  # fmt: skip
    return services.report_submit(report=report, by=user)
