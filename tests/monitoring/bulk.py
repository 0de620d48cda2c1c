"""Bulk data for dashboard query-count tests and the bench: up to N regions, each with an approved plan,
a submitted report, attendance at every national meeting, a conversation and a 2019 payment."""

import datetime
from decimal import Decimal

from django.utils import timezone

from monitoring.models import (
    Attendance,
    Conversation,
    MonitoringPeriod,
    NationalMeeting,
    ProgressReport,
    ProgressReportVersion,
)
from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound
from review.models import Circulaire, Decision, Payment

CONTENT = {"files": {}, "sections": {"ambitie": {"data": {"matches_total": 100, "matches_2019": 30}}}}
NUMBERS = {"matches_regulier": 20, "matches_leerwerkplek": 5, "matches_overig": 2, "werkfitte_kandidaten": 60}


def fill_regions(total: int, user, *, per_region=True):
    """Grow to ``total`` regions; give every region without a plan the full monitoring picture."""
    round_ = ProgrammeRound.objects.current()
    have = Arbeidsmarktregio.objects.count()
    Arbeidsmarktregio.objects.bulk_create(
        [Arbeidsmarktregio(code=f"X{i}", name=f"Testregio {i:04}", centrumgemeente=f"Stad {i}")
         for i in range(have, total)]
    )  # fmt: skip
    regions = list(Arbeidsmarktregio.objects.filter(plans__isnull=True))
    plans = Plan.objects.bulk_create([Plan(region=r, round=round_, status=PlanStatus.GOEDGEKEURD) for r in regions])
    versions = PlanVersion.objects.bulk_create(
        [PlanVersion(plan=p, number=1, content=CONTENT, submitted_by=user) for p in plans]
    )
    decisions = Decision.objects.bulk_create(
        [Decision(plan=p, version=v, kind="goedkeuring", decided_on=datetime.date(2019, 6, 1),
                  reference=f"R{p.pk}", decided_by=user) for p, v in zip(plans, versions, strict=True)]
    )  # fmt: skip
    september = Circulaire.objects.get(name="Septembercirculaire 2019")
    Payment.objects.bulk_create(
        [Payment(round=round_, region=p.region, centrumgemeente=p.region.centrumgemeente, tranche=2019,
                 amount=Decimal("1000.00"), decision=d, circulaire=september, created_by=user)
         for p, d in zip(plans, decisions, strict=True)]
    )  # fmt: skip
    period = MonitoringPeriod.objects.get(name="Vragenlijst januari 2020")
    reports = ProgressReport.objects.bulk_create(
        [ProgressReport(plan=p, period=period, status="ingediend", numbers=NUMBERS) for p in plans]
    )
    ProgressReportVersion.objects.bulk_create(
        [ProgressReportVersion(report=r, number=1, content={"numbers": NUMBERS, "texts": {}}, submitted_by=user,
                               on_time=True, submitted_at=timezone.now()) for r in reports]
    )  # fmt: skip
    meetings = list(NationalMeeting.objects.all())
    Attendance.objects.bulk_create(
        [Attendance(meeting=m, region=r, status="aanwezig", recorded_by=user) for r in regions for m in meetings]
    )
    Conversation.objects.bulk_create(
        [Conversation(round=round_, region=r, held_on=datetime.date(2019, 10, 15), participants="x",
                      agreements="y", recorded_by=user) for r in regions[::2]]
    )  # fmt: skip
    return plans


def vary_reports():
    """Twente accepted, Rijnmond asked for more, Groot Amsterdam in late, Helmond-De Peel's January report missing."""
    january = ProgressReport.objects.filter(period__name="Vragenlijst januari 2020")
    january.filter(plan__region__name="Twente").update(status="geaccepteerd")
    january.filter(plan__region__name="Rijnmond").update(status="aanvulling_gevraagd")
    ProgressReportVersion.objects.filter(report__plan__region__name="Groot Amsterdam").update(on_time=False)
    helmond = january.filter(plan__region__name="Helmond-De Peel")
    ProgressReportVersion.objects.filter(report__in=helmond).delete()
    helmond.delete()
