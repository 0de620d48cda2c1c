from celery import shared_task

from . import letters


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def decision_render_letter(self, decision_id: int) -> bool:
    return letters.decision_render_letter(decision_id=decision_id)


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def payment_schedule_for_decision(self, decision_id: int) -> None:
    from . import payments

    payments.payment_schedule_for_approval(decision_id=decision_id)
