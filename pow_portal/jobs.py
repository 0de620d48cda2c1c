"""Background jobs: every side effect and every file a worker builds is one ``Job`` row with one retry rule.

An app registers a handler per kind in its ``AppConfig.ready`` (``jobs.register("plans.version_pdf", fn)``); a
service adds a job inside its transaction (``job_add``), so a move that rolls back leaves no work behind. After
commit the job goes to a Celery task; a broker that is down is logged, never raised to the user.

A worker *claims* a job with one conditional UPDATE (waiting and due, or running with an expired lease), so two
workers never run it at once, and holds a lease that progress reports extend. A failure waits with exponential
backoff and, after ``max_attempts``, stays failed with its reason until someone tries again (``job_retry``). The
beat job ``jobs_tick`` takes back expired leases and offers due work. Handlers take the payload as keyword
arguments (plus ``job`` when registered with ``takes_job``) and must be idempotent: a second run changes nothing.
"""

import datetime
import hashlib
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Job, JobState, User

logger = logging.getLogger(__name__)

REASON_CHARS = 2000


@dataclass(frozen=True)
class _Handler:
    fn: Callable[..., object]
    takes_job: bool


_HANDLERS: dict[str, _Handler] = {}


def register(kind: str, handler: Callable[..., object], *, takes_job: bool = False) -> None:
    _HANDLERS[kind] = _Handler(handler, takes_job)


def dispatch_task(task, *args) -> bool:
    """Queue a Celery task without ever failing the caller: False (and a log line) when the broker is down."""
    try:
        task.apply_async(args=args)
    except Exception:  # a dead broker, a refused connection, a timeout: the job row keeps the work
        logger.warning("could not queue %s%s; the beat job offers it again", task.name, args, exc_info=True)
        return False
    return True


def _dispatch(job_id: int) -> None:
    from .tasks import job_run

    Job.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    dispatch_task(job_run, job_id)


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.POW_JOB_LEASE)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failure: base, 2×base, 4×base … capped."""
    seconds = settings.POW_JOB_BACKOFF * 2 ** max(0, attempts - 1)
    return datetime.timedelta(seconds=min(seconds, settings.POW_JOB_BACKOFF_MAX))


def job_add(
    *, kind: str, key: str, payload: dict, by: User | None = None, max_attempts: int | None = None, total: int = 0
) -> Job:
    """Record work in the current transaction; a worker does it after commit. Idempotent on ``key``."""
    if kind not in _HANDLERS:
        raise LookupError(f"no job handler for {kind!r}")
    job, created = Job.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "payload": payload,
            "requested_by": by if by and by.pk else None,
            "max_attempts": max_attempts or settings.POW_JOB_MAX_ATTEMPTS,
            "progress_total": total,
        },
    )
    if created:
        transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def job_claim(job_id: int, *, worker: str | None = None) -> bool:
    """Take the job for this worker, atomically: True for exactly one of any number of racing workers."""
    now = timezone.now()
    claimable = Q(state=JobState.WAITING, next_attempt_at__lte=now) | Q(state=JobState.RUNNING, lease_until__lt=now)
    return bool(
        Job.objects.filter(claimable, pk=job_id, attempts__lt=F("max_attempts")).update(
            state=JobState.RUNNING,
            claimed_by=worker or worker_name(),
            lease_until=now + _lease(),
            started_at=now,
            attempts=F("attempts") + 1,
        )
    )


def job_progress(job: Job, done: int, total: int | None = None, message: str | None = None) -> None:
    """Report progress; it also extends the lease (a long build that reports is alive)."""
    job.progress_done = done
    fields = {"progress_done": done, "lease_until": timezone.now() + _lease()}
    if total is not None:
        job.progress_total = fields["progress_total"] = total
    if message is not None:
        job.progress_message = fields["progress_message"] = message[:200]
    Job.objects.filter(pk=job.pk).update(**fields)


def job_store_file(job: Job, name: str, data: bytes) -> None:
    """Keep the job's file and its SHA-256 (the job is not in a transaction here: nothing to roll back)."""
    job.file.save(name, ContentFile(data), save=False)
    job.sha256 = hashlib.sha256(data).hexdigest()
    Job.objects.filter(pk=job.pk).update(file=job.file.name, sha256=job.sha256)


def _fail(job: Job, reason: str, *, wait: bool = True, **still) -> None:
    """Record a failed attempt: wait (backoff) for the next one, or, at the cap, stop failed with the reason.

    ``still`` names the claim that failed (``claimed_by=…``, or the expired lease): a claim taken over or a job
    finished in the meantime is left alone."""
    now = timezone.now()
    if job.attempts >= job.max_attempts:
        Job.objects.filter(pk=job.pk, **still).update(
            state=JobState.FAILED, last_error=reason[:REASON_CHARS], lease_until=None, claimed_by=""
        )
        logger.error("job %s (%s) failed after %s attempt(s): %s", job.pk, job.kind, job.attempts, reason)
    else:
        Job.objects.filter(pk=job.pk, **still).update(
            state=JobState.WAITING,
            last_error=reason[:REASON_CHARS],
            lease_until=None,
            claimed_by="",
            next_attempt_at=now + backoff(job.attempts) if wait else now,
        )
        logger.warning("job %s (%s) attempt %s failed; tried again later: %s", job.pk, job.kind, job.attempts, reason)


def job_run(*, job_id: int, worker: str | None = None) -> bool:
    """Claim and carry out one job (the task's body). False when there was nothing to do or it failed."""
    worker = worker or worker_name()
    if not job_claim(job_id, worker=worker):
        logger.info("job %s skipped: unknown, done, failed, not yet due or claimed by another worker", job_id)
        return False
    job = Job.objects.get(pk=job_id)
    handler = _HANDLERS.get(job.kind)
    if handler is None:
        _fail(job, f"Geen verwerking bekend voor {job.kind}", claimed_by=worker)
        return False
    try:
        if handler.takes_job:
            handler.fn(job=job, **job.payload)
        else:
            handler.fn(**job.payload)
    except Exception as error:
        logger.exception("job %s (%s) raised", job_id, job.kind)
        _fail(job, f"{type(error).__name__}: {error}", claimed_by=worker)
        return False
    Job.objects.filter(pk=job_id).update(
        state=JobState.DONE, done_at=timezone.now(), lease_until=None, claimed_by="", last_error=""
    )
    return True


def jobs_tick(*, limit: int = 200) -> int:
    """The beat job: take back expired leases, then offer every due job that was not offered since it became due
    (or not for ``POW_OUTBOX_REDISPATCH_AFTER`` seconds). Returns how many jobs were offered."""
    now = timezone.now()
    expired = Job.objects.filter(state=JobState.RUNNING, lease_until__lt=now)
    for job in expired.only("pk", "kind", "attempts", "max_attempts")[:limit]:
        logger.warning("job %s (%s): lease expired (worker lost or over its time limit)", job.pk, job.kind)
        # A lost worker is not the job's fault: run again at once, but the attempt counts towards the cap.
        _fail(
            job,
            "De verwerking is afgebroken (geen teken van leven binnen de termijn).",
            wait=False,
            state=JobState.RUNNING,
            lease_until__lt=now,
        )
    now = timezone.now()  # after the leases taken back, so those are due now
    before = now - datetime.timedelta(seconds=settings.POW_OUTBOX_REDISPATCH_AFTER)
    ids = list(
        Job.objects.filter(state=JobState.WAITING, next_attempt_at__lte=now)
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=F("next_attempt_at")) | Q(dispatched_at__lt=before))
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for job_id in ids:
        _dispatch(job_id)
    if ids:
        logger.info("jobs: offered %s job(s)", len(ids))
    return len(ids)


def job_retry(*, job: Job, by: User) -> bool:
    """Try a failed job again from the start (the caller checks the permission). Audited."""
    from .services import audit_log

    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, state=JobState.FAILED).update(
            state=JobState.WAITING, attempts=0, next_attempt_at=timezone.now(), dispatched_at=None
        )
        if not updated:
            logger.info("job %s not retried by user %s: it is not failed", job.pk, by.pk)
            return False
        audit_log(actor=by, action="job_retry", obj=job, data={"kind": job.kind, "reason": job.last_error})
        transaction.on_commit(lambda: _dispatch(job.pk))
    return True


def jobs_offer_now(*, by: User) -> int:
    """Offer every waiting job to the workers at once, backoff or not (the "try again" of the pending page)."""
    now = timezone.now()
    ids = list(Job.objects.filter(state=JobState.WAITING).values_list("pk", flat=True)[:500])
    Job.objects.filter(pk__in=ids).update(next_attempt_at=now)
    for job_id in ids:
        _dispatch(job_id)
    logger.info("user %s offered %s waiting job(s) again", by.pk, len(ids))
    return len(ids)
