"""Celery tasks of the plans app: thin, idempotent, by id. (The version PDF is a background job: pow_portal.jobs.)"""

from celery import shared_task

from . import services


@shared_task
def section_measure(section_id: int, version: int | None = None) -> bool:
    """The A4 measure of the section's latest saved text (the gauge follows the autosave); saves queued behind
    one another are measured once, for the newest text. ``version`` is the save that queued it (for the logs)."""
    return services.section_measure(section_id=section_id)


@shared_task
def sections_measure_pending() -> int:
    """Beat job: measure saved texts whose measure never came."""
    return services.sections_measure_pending()
