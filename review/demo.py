"""The demo round of ``make run``: the whole route, walkable today.

The 2019 round stays as history. When no round is open for submission today, a clearly marked demo round of
the current year is added with dates relative to today: the early deadline in a month, the closing date in two,
a circulaire per window whose BZK deadline follows it, a next-year circulaire for the second tranche, and a
stuurgroep meeting today. A plan submitted,
checked, advised and approved today then gets its tranche reserved and confirmed on a list. Running it again
keeps the data.
"""

import logging
from datetime import date, timedelta

from django.db import transaction

from plans import page_limits
from pow_portal import clock
from pow_portal.models import ProgrammeRound

from .constants import SubmissionWindow
from .models import Circulaire, StuurgroepMeeting

logger = logging.getLogger(__name__)
HISTORY_ROUND = "2019-2020"


@transaction.atomic
def load(stdout) -> ProgrammeRound:
    today = clock.today()
    open_round = next((r for r in ProgrammeRound.objects.all() if r.is_open_on(today)), None)
    if open_round is not None:
        stdout.write(f"demo: ronde {open_round.name} is vandaag open; de demo werkt daarin")
        return open_round
    name = f"Demo {today.year}"
    demo = ProgrammeRound.objects.filter(name=name).first()
    if demo is None:
        ProgrammeRound.objects.filter(is_current=True).update(is_current=False)
        demo = ProgrammeRound.objects.create(
            name=name,
            starts_on=today - timedelta(days=7),
            early_deadline=today + timedelta(days=30),
            submission_deadline=today + timedelta(days=60),
            is_current=True,
        )
        page_limits.limits_copy(source=ProgrammeRound.objects.filter(name=HISTORY_ROUND).first(), target=demo)
        stdout.write(f"demo: ronde {name} aangemaakt (indienen tot {demo.submission_deadline:%d-%m-%Y})")
    elif not demo.is_open_on(today):
        # An old demo round of this year closed meanwhile: move its window on so the route stays walkable.
        demo.early_deadline = max(demo.early_deadline, today + timedelta(days=30))
        demo.submission_deadline = max(demo.submission_deadline, demo.early_deadline + timedelta(days=30))
        demo.save(update_fields=["early_deadline", "submission_deadline"])
    year = demo.starts_on.year
    for window, label, after in [
        (SubmissionWindow.EARLY, "Septembercirculaire", demo.early_deadline + timedelta(days=21)),
        (SubmissionWindow.CLOSING, "Decembercirculaire", demo.submission_deadline + timedelta(days=30)),
    ]:
        Circulaire.objects.get_or_create(
            round=demo,
            window=window,
            defaults={"name": f"{label} {year} (demo)", "year": year, "bzk_deadline": after},
        )
    # The second tranche is paid through a circulaire of the next year, never one of the first tranche's year.
    next_year = year + 1
    Circulaire.objects.get_or_create(
        round=demo,
        name=f"Meicirculaire {next_year} (demo)",
        defaults={"year": next_year, "bzk_deadline": date(next_year, 4, 1)},
    )
    StuurgroepMeeting.objects.get_or_create(date=today, defaults={"title": "Stuurgroep (demo)"})
    return demo
