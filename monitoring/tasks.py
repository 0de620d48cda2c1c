"""Celery tasks of the monitoring app: thin and idempotent. (Report PDFs, evaluation letters and generated files
are background jobs: pow_portal.jobs.)"""

from celery import shared_task


@shared_task
def reminders_send() -> int:
    """Beat job: queue today's reminders; running it again queues nothing new (outbox keys)."""
    from .reminders import reminders_send as send

    return send()


@shared_task
def reconcile_run() -> int:
    """Daily beat job: check every money invariant; the result is stored and shown on "Wacht op verwerking"."""
    from .reconcile import reconcile

    return len(reconcile().problems)
