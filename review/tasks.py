import logging

from celery import shared_task

from . import letters

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), max_retries=3, retry_backoff=30, retry_backoff_max=600)
def decision_render_letter(self, decision_id: int) -> bool:
    """Render the decision letter once; OSError is retried with backoff, every failure is logged."""
    try:
        rendered = letters.decision_render_letter(decision_id=decision_id)
    except Exception:
        logger.exception("decision %s: letter rendering failed (attempt %s)", decision_id, self.request.retries + 1)
        raise
    if not rendered:
        logger.info("decision %s: letter already there (or decision gone), skipped", decision_id)
    return rendered


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def payment_schedule_for_decision(self, decision_id: int) -> None:
    from . import payments

    payments.payment_schedule_for_approval(decision_id=decision_id)
