"""Celery tasks of the plans app: thin, idempotent, by id."""

from celery import shared_task

from . import rendering, services


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def version_render_pdf(self, version_id: int) -> bool:
    """Render a submitted version's PDF once; a second run returns at once."""
    return rendering.version_render_pdf(version_id=version_id)


@shared_task(ignore_result=True)
def section_measure(section_id: int, version: int) -> bool:
    """The A4 measure of a saved text (the gauge follows the autosave); skips stale or measured versions."""
    return services.section_measure(section_id=section_id, version=version)


@shared_task(ignore_result=True)
def sections_measure_pending() -> int:
    """Beat job: measure saved texts whose measure never came."""
    return services.sections_measure_pending()
