"""The payment schedule rule, in one place: which circulaire pays a decision, and which window a submission is in."""

from .constants import CirculaireStatus
from .models import Circulaire


def circulaire_for_decision(round, decided_on):
    """The earliest open circulaire of the round whose BZK deadline is on or after the decision date."""
    return (
        Circulaire.objects.filter(round=round, status=CirculaireStatus.OPEN, bzk_deadline__gte=decided_on)
        .order_by("bzk_deadline")
        .first()
    )


def submission_window(round, submitted_on) -> str:
    """The circulaire a submission is discussed for (seed 002): by 15 April September, by 15 July December."""
    if submitted_on <= round.early_deadline:
        return "september"
    if submitted_on <= round.closes_on:
        return "december"
    return "later"
