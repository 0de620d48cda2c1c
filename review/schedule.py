"""The payment schedule rule, in one place: which circulaire pays a plan's tranche, and why.

The circulaire follows the programme's route, not the letter's date (seed 002, "Planning"; SPEC.md, route step 6):

* a plan belongs to the submission *window* of its first submission: by the round's early deadline (15 April
  2019) it is discussed for the circulaire of the early window (the septembercirculaire), by the closing date
  (15 July 2019) for the closing window's (the decembercirculaire);
* a positive advice (also "met voorwaarden") **reserves** the tranche on its window's circulaire when that list
  is open and the advice is on or before its BZK deadline; otherwise on the next open circulaire whose BZK
  deadline is on or after the advice date;
* the approval **confirms** the reservation whatever the letter's date, also when that list was reported to BZK
  (vastgesteld) in between; an approval without a reservation goes to the earliest open circulaire whose BZK
  deadline is on or after the decision date;
* a rejection or withdrawal **releases** the reservation; a released payment on a list already reported to BZK
  is corrected (verrekend) on the next open circulaire;
* a tranche only goes on a circulaire of its own year (the first tranche on one of the round's start year, the
  second on one of the next year): without such an open circulaire it waits, visibly, for the ministry.

Only this module decides which circulaire; review.payments writes what it decides. The reasons are stored with
the payment and go to BZK, so they are Dutch whatever the acting user's interface language.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .constants import CirculaireStatus, SubmissionWindow
from .models import Circulaire


@dataclass(frozen=True)
class Placement:
    """A circulaire (or none: the payment waits for the ministry) and the reason shown beside the payment."""

    circulaire: Circulaire | None
    reason: str


def submission_window(round, submitted_on: datetime.date) -> str:
    """The window a submission falls in (seed 002): by the early deadline, by the closing date, or late."""
    if submitted_on <= round.early_deadline:
        return SubmissionWindow.EARLY
    if submitted_on <= round.closes_on:
        return SubmissionWindow.CLOSING
    return SubmissionWindow.LATE


def plan_window(plan) -> str:
    """The window of a plan: that of its first submitted version (a resubmission keeps the plan's place)."""
    first = plan.versions.order_by("number").values_list("submitted_at", flat=True).first()
    if first is None:
        return ""
    return submission_window(plan.round, timezone.localtime(first).date())


def first_tranche_year(round) -> int:
    return round.starts_on.year


def second_tranche_year(round) -> int:
    return round.starts_on.year + 1


def fits_year(circulaire: Circulaire | None, tranche: int) -> bool:
    """A tranche is paid through a circulaire of its own year (or waits without one)."""
    return circulaire is None or circulaire.year == tranche


def _open_from(round, day: datetime.date, year: int | None = None):
    found = Circulaire.objects.filter(round=round, status=CirculaireStatus.OPEN, bzk_deadline__gte=day)
    if year is not None:
        found = found.filter(year=year)
    return found.order_by("bzk_deadline").first()


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


@translation.override("nl")
def circulaire_for_advice(round, window: str, advised_on: datetime.date) -> Placement:
    """Where a positive advice reserves the tranche."""
    year = first_tranche_year(round)
    own = Circulaire.objects.filter(round=round, window=window, year=year).first() if window else None
    if own is not None and own.status == CirculaireStatus.OPEN and advised_on <= own.bzk_deadline:
        return Placement(
            own,
            _("Venster %(window)s; positief advies van %(advised)s vóór de deadline BZK van %(deadline)s.")
            % {"window": own.name, "advised": _day(advised_on), "deadline": _day(own.bzk_deadline)},
        )
    found = _open_from(round, advised_on, year)
    if own is None:
        why = _("Geen circulaire voor het indienvenster van dit plan")
    elif own.status != CirculaireStatus.OPEN:
        why = _("De lijst van %(name)s was al vastgesteld") % {"name": own.name}
    else:
        why = _("Advies na de deadline BZK van %(name)s") % {"name": own.name}
    if found is None:
        return Placement(None, why + "; " + _("nog geen open circulaire: het ministerie kiest er een."))
    return Placement(
        found,
        why + "; " + _("eerstvolgende open circulaire na het advies van %(advised)s.") % {"advised": _day(advised_on)},
    )


@translation.override("nl")
def circulaire_for_decision(round, decided_on: datetime.date) -> Placement:
    """Where an approval without a reservation goes: the earliest open list with a BZK deadline on or after it."""
    found = _open_from(round, decided_on, first_tranche_year(round))
    if found is None:
        return Placement(None, _("Geen reservering en geen open circulaire: het ministerie kiest er een."))
    return Placement(
        found,
        _("Geen reservering; eerstvolgende open circulaire na het besluit van %(decided)s.")
        % {"decided": _day(decided_on)},
    )


@translation.override("nl")
def circulaire_for_correction(round, on: datetime.date) -> Placement:
    """Where a correction (verrekening) of a list already reported to BZK goes: the next open circulaire."""
    found = _open_from(round, on)
    reason = _("Verrekening van een betaling op een vastgestelde lijst (%(day)s).") % {"day": _day(on)}
    return Placement(found, reason)


@translation.override("nl")
def circulaire_for_evaluation(round, evaluated_on: datetime.date) -> Placement:
    """The next tranche after good progress: the earliest open circulaire of the next year on or after the
    evaluation; without one the tranche waits for the ministry (never a list of the first tranche's year)."""
    year = second_tranche_year(round)
    found = _open_from(round, evaluated_on, year)
    if found is None:
        return Placement(
            None,
            _(
                "Goede voortgang vastgesteld op %(day)s; nog geen open circulaire van %(year)s: "
                "het ministerie kiest er een."
            )
            % {"day": _day(evaluated_on), "year": year},
        )
    return Placement(
        found,
        _("Goede voortgang vastgesteld op %(day)s; eerstvolgende open circulaire van %(year)s.")
        % {"day": _day(evaluated_on), "year": year},
    )
