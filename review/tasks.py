"""Celery tasks of the review app: thin and idempotent. (Letters are outbox items: pow_portal.outbox.)"""

from celery import shared_task

from . import exports


@shared_task
def export_job_run(job_id: int) -> bool:
    """Make a large payment-list export (idempotent: a done job is left alone)."""
    return exports.export_job_run(job_id=job_id)


@shared_task
def export_jobs_redispatch() -> int:
    """Beat job: queue again the export jobs that are not done (broker outage, lost worker)."""
    return exports.export_jobs_redispatch()
