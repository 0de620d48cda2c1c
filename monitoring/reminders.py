"""Reminders before deadlines, sent by a beat job (never inside a request), each exactly once.

14, 3 and 1 days before the round's submission deadlines (to regions that have not submitted a plan) and
before each report's due date (to approved regions that have not submitted that report), plus one mail
the day after a report's due date when it is late. The outbox key names the deadline, the region and
the reminder, so however often the job runs, each reminder is queued once. A job that skipped a day
sends the reminder whose window it is in (e.g. the 14-day one on day 12), never one twice.
"""

import logging

from django.db import transaction

from plans.constants import PlanStatus
from plans.models import Plan
from pow_portal import clock
from pow_portal.constants import Role
from pow_portal.models import Arbeidsmarktregio, ProgrammeRound, User
from pow_portal.services import notification_queue

from .models import MonitoringPeriod, ProgressReportVersion

logger = logging.getLogger(__name__)

THRESHOLDS = (14, 3, 1)
LATE_WINDOW_DAYS = 30


def threshold_for(days_left: int) -> int | None:
    """The reminder whose window ``days_left`` is in: 14 for 4..14 days, 3 for 2..3, 1 for 1; else None."""
    if days_left < 1 or days_left > max(THRESHOLDS):
        return None
    return min(t for t in THRESHOLDS if t >= days_left)


def _emails_by_region(region_ids) -> dict[int, list[str]]:
    emails: dict[int, list[str]] = {}
    for region_id, email in (
        User.objects.filter(role=Role.REGIO, is_active=True, region_id__in=list(region_ids))
        .exclude(email="")
        .values_list("region_id", "email")
    ):
        emails.setdefault(region_id, []).append(email)
    return emails


def _plan_deadline_reminders(round_, today) -> int:
    queued = 0
    deadlines = {round_.early_deadline: "de septembercirculaire", round_.closes_on: "de decembercirculaire"}
    for deadline, circulaire in deadlines.items():
        threshold = threshold_for((deadline - today).days)
        if threshold is None:
            continue
        submitted = Plan.objects.filter(round=round_, versions__isnull=False).values("region_id")
        withdrawn = Plan.objects.filter(round=round_, status=PlanStatus.INGETROKKEN).values("region_id")
        regions = Arbeidsmarktregio.objects.exclude(pk__in=submitted).exclude(pk__in=withdrawn)
        emails = _emails_by_region(regions.values_list("pk", flat=True))
        for region in regions:
            if not emails.get(region.pk):
                continue
            days = "morgen" if threshold == 1 else f"over {(deadline - today).days} dagen"
            notification_queue(
                key=f"reminder:plan:{round_.pk}:{deadline.isoformat()}:{region.pk}:{threshold}",
                to=emails[region.pk],
                subject=f"Herinnering: actieplan indienen uiterlijk {deadline:%d-%m-%Y}",
                body=(
                    f"De uiterste indiendatum voor {circulaire} is {days}: {deadline:%d-%m-%Y}. "
                    f"Het actieplan van {region.name} is nog niet ingediend.\n\n"
                    "U vindt uw actieplan in het portaal Perspectief op Werk."
                ),
            )
            queued += 1
    return queued


def _report_reminders(round_, today) -> int:
    queued = 0
    approved = {
        p.pk: p
        for p in Plan.objects.filter(round=round_, status=PlanStatus.GOEDGEKEURD).select_related("region", "decision")
    }
    for period in MonitoringPeriod.objects.filter(round=round_):
        days_left = (period.due_on - today).days
        threshold = threshold_for(days_left)
        late = -LATE_WINDOW_DAYS <= days_left < 0
        if threshold is None and not late:
            continue
        done = set(
            ProgressReportVersion.objects.filter(report__period=period).values_list("report__plan_id", flat=True)
        )
        owing = [
            p
            for p in approved.values()
            if p.pk not in done and getattr(p, "decision", None) and p.decision.decided_on < period.due_on
        ]
        emails = _emails_by_region(p.region_id for p in owing)
        for plan in owing:
            if not emails.get(plan.region_id):
                continue
            if late:
                key = f"report-late:{period.pk}:{plan.pk}"
                subject = f"Voortgangsrapportage {period.name} is te laat"
                body = (
                    f"De voortgangsrapportage {period.name} van {plan.region.name} had uiterlijk "
                    f"{period.due_on:%d-%m-%Y} ingediend moeten zijn. Dien haar zo snel mogelijk in."
                )
            else:
                key = f"reminder:report:{period.pk}:{plan.pk}:{threshold}"
                subject = f"Herinnering: voortgangsrapportage {period.name} uiterlijk {period.due_on:%d-%m-%Y}"
                body = (
                    f"De voortgangsrapportage {period.name} van {plan.region.name} moet uiterlijk "
                    f"{period.due_on:%d-%m-%Y} zijn ingediend; dat is "
                    f"{'morgen' if days_left == 1 else f'over {days_left} dagen'}."
                )
            notification_queue(
                key=key,
                to=emails[plan.region_id],
                subject=subject,
                body=body + "\n\nU vindt de rapportage in het portaal Perspectief op Werk.",
            )
            queued += 1
    return queued


def reminders_send(*, today=None) -> int:
    """Queue the reminders due today (idempotent: the outbox key makes each one once). Returns how many
    reminders were considered (already queued ones included)."""
    today = today or clock.today()
    round_ = ProgrammeRound.objects.current()
    if round_ is None:
        return 0
    with transaction.atomic():
        count = _plan_deadline_reminders(round_, today) + _report_reminders(round_, today)
    logger.info("reminders for %s: %s considered", today, count)
    return count
