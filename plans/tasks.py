"""Celery tasks of the plans app: thin, idempotent, by id."""

import logging

from celery import shared_task

from . import rendering

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), max_retries=3, retry_backoff=30, retry_backoff_max=600)
def version_render_pdf(self, version_id: int) -> bool:
    """Render a submitted version's PDF once; a second run returns at once. A full disk or a lost file
    (OSError) is retried with exponential backoff; any failure is logged before Celery records it."""
    try:
        rendered = rendering.version_render_pdf(version_id=version_id)
    except Exception:
        logger.exception("version %s: PDF rendering failed (attempt %s)", version_id, self.request.retries + 1)
        raise
    if not rendered:
        logger.info("version %s: PDF already there (or version gone), skipped", version_id)
    return rendered
