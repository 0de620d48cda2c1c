"""The outbox: side effects as rows, dispatched after commit and again until done.

An app registers a handler per kind in its ``AppConfig.ready`` (``outbox.register("plans.version_pdf", fn)``);
a service adds an item inside its transaction (``outbox_add``). After commit the item goes to a Celery task; a
broker that is down is logged, never raised to the user: the beat job ``outbox_redispatch`` offers the item
again. Handlers take the payload as keyword arguments and must be idempotent (a second run changes nothing).
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxItem

logger = logging.getLogger(__name__)

_HANDLERS: dict[str, Callable[..., object]] = {}


def register(kind: str, handler: Callable[..., object]) -> None:
    _HANDLERS[kind] = handler


def dispatch_task(task, *args) -> bool:
    """Queue a Celery task without ever failing the caller: False (and a log line) when the broker is down."""
    try:
        task.apply_async(args=args)
    except Exception:  # a dead broker, a refused connection, a timeout: the outbox keeps the work
        logger.warning("could not queue %s%s; the beat job offers it again", task.name, args, exc_info=True)
        return False
    return True


def _dispatch(item_id: int) -> None:
    from .tasks import outbox_run

    OutboxItem.objects.filter(pk=item_id).update(dispatched_at=timezone.now())
    dispatch_task(outbox_run, item_id)


def outbox_add(*, kind: str, key: str, payload: dict) -> OutboxItem:
    """Record a side effect in the current transaction; it is carried out after commit. Idempotent on ``key``."""
    if kind not in _HANDLERS:
        raise LookupError(f"no outbox handler for {kind!r}")
    item, created = OutboxItem.objects.get_or_create(key=key, defaults={"kind": kind, "payload": payload})
    if created:
        transaction.on_commit(lambda: _dispatch(item.pk))
    return item


def outbox_run(*, item_id: int) -> bool:
    """Carry out one item (the task's body). False when it was already done or is unknown."""
    item = OutboxItem.objects.filter(pk=item_id).first()
    if item is None or item.done_at is not None:
        logger.info("outbox item %s skipped: %s", item_id, "unknown" if item is None else "already done")
        return False
    handler = _HANDLERS.get(item.kind)
    if handler is None:
        logger.error("outbox item %s skipped: no handler for %s", item_id, item.kind)
        return False
    try:
        handler(**item.payload)
    except Exception as error:
        OutboxItem.objects.filter(pk=item_id).update(attempts=F("attempts") + 1, last_error=repr(error)[:2000])
        logger.exception("outbox item %s (%s) failed; it will be offered again", item_id, item.kind)
        raise
    OutboxItem.objects.filter(pk=item_id, done_at__isnull=True).update(
        done_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    return True


def outbox_redispatch(*, older_than: datetime.timedelta | None = None, limit: int = 200) -> int:
    """Offer again every item not done whose last offer is older than ``older_than`` (the beat job)."""
    if older_than is None:
        older_than = datetime.timedelta(seconds=settings.POW_OUTBOX_REDISPATCH_AFTER)
    before = timezone.now() - older_than
    ids = list(
        OutboxItem.objects.filter(done_at__isnull=True)
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=before))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for item_id in ids:
        _dispatch(item_id)
    if ids:
        logger.info("outbox: offered %s item(s) again", len(ids))
    return len(ids)
