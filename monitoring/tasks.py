"""Celery tasks of the monitoring app: thin, idempotent, by id."""

from celery import shared_task

from . import rendering


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def report_version_render_pdf(self, version_id: int) -> bool:
    return rendering.report_version_render_pdf(version_id=version_id)


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def evaluation_render_letter(self, evaluation_id: int) -> bool:
    return rendering.evaluation_render_letter(evaluation_id=evaluation_id)


@shared_task
def reminders_send() -> int:
    """Beat job: queue today's reminders; running it again queues nothing new (outbox keys)."""
    from .reminders import reminders_send as send

    return send()


@shared_task(bind=True, max_retries=2, default_retry_delay=30)
def generated_file_build(self, export_id: int) -> bool:
    from .files import build

    return build(export_id=export_id)
