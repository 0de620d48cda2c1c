"""Celery tasks of the plans app: thin, idempotent, by id. (The version PDF is a background job: pow_portal.jobs.)"""

from celery import shared_task

from . import services


@shared_task
def section_measure(section_id: int, version: int) -> bool:
    """The A4 measure of a saved text (the gauge follows the autosave); skips stale or measured versions."""
    return services.section_measure(section_id=section_id, version=version)


@shared_task
def sections_measure_pending() -> int:
    """Beat job: measure saved texts whose measure never came."""
    return services.sections_measure_pending()
