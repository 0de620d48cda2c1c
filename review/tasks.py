from celery import shared_task

from . import letters


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def decision_render_letter(self, decision_id: int) -> bool:
    return letters.decision_render_letter(decision_id=decision_id)


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def payment_schedule_for_decision(self, decision_id: int) -> None:
    from . import payments

    payments.payment_schedule_for_approval(decision_id=decision_id)


@shared_task(bind=True, acks_late=True)
def export_job_run(self, job_id: int) -> bool:
    """Make a large payment-list export (idempotent: a done job is left alone)."""
    from . import exports

    return exports.export_job_run(job_id=job_id)


@shared_task
def export_jobs_redispatch() -> int:
    """Beat job: queue again the export jobs that are not done (broker outage, lost worker)."""
    from . import exports

    return exports.export_jobs_redispatch()
