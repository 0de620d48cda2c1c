"""Celery tasks of the plans app: thin, idempotent, by id."""

from celery import shared_task

from . import rendering


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def version_render_pdf(self, version_id: int) -> bool:
    """Render a submitted version's PDF once; a second run returns at once."""
    return rendering.version_render_pdf(version_id=version_id)
