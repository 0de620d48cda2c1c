"""Thin Celery tasks of the core: they take ids and call a service.

Retrying is the job model's business (``pow_portal/jobs.py``: lease, backoff, cap), so the tasks have no retry
settings.
"""

from celery import shared_task

from . import jobs


@shared_task
def job_run(job_id: int) -> bool:
    return jobs.job_run(job_id=job_id)


@shared_task
def jobs_tick() -> int:
    """Beat job: take back expired leases and offer every due job."""
    return jobs.jobs_tick()
