from celery import shared_task

from . import letters


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def decision_render_letter(self, decision_id: int) -> bool:
    return letters.decision_render_letter(decision_id=decision_id)
