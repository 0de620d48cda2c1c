"""The outbox: side effects are rows in the move's transaction, carried out after commit, offered again until done.

A broker that is down is simulated here by a task whose publishing fails; the real thing (a stopped Redis and a
real worker) is the fault drill in test_fault_drills.py.
"""

import datetime

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from pow_portal import outbox, tasks
from pow_portal.models import OutboxItem

pytestmark = pytest.mark.django_db(transaction=True)

DONE = []


def _handler(*, n):
    DONE.append(n)


def _failing(*, n):
    raise RuntimeError("printer on fire")


@pytest.fixture(autouse=True)
def handlers():
    DONE.clear()
    outbox.register("test.ok", _handler)
    outbox.register("test.fail", _failing)


def test_an_item_is_carried_out_after_commit_once():
    with transaction.atomic():
        item = outbox.outbox_add(kind="test.ok", key="k1", payload={"n": 1})
        outbox.outbox_add(kind="test.ok", key="k1", payload={"n": 1})  # a double click
        assert DONE == []
    item.refresh_from_db()
    assert DONE == [1] and item.done_at is not None and item.attempts == 1
    assert outbox.outbox_run(item_id=item.pk) is False  # a redelivery changes nothing
    assert DONE == [1]


def test_nothing_happens_when_the_move_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.outbox_add(kind="test.ok", key="k2", payload={"n": 2})
        raise RuntimeError
    assert DONE == [] and not OutboxItem.objects.exists()


def test_a_dead_broker_never_fails_the_caller_and_the_beat_job_offers_the_item_again(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.outbox_run, "apply_async", refuse)
    with transaction.atomic():
        item = outbox.outbox_add(kind="test.ok", key="k3", payload={"n": 3})
    assert DONE == [] and "could not queue" in caplog.text
    monkeypatch.undo()
    assert outbox.outbox_redispatch() == 0  # offered a moment ago: not yet again
    assert outbox.outbox_redispatch(older_than=datetime.timedelta(0)) == 1
    item.refresh_from_db()
    assert DONE == [3] and item.done_at is not None


def test_a_failing_handler_is_recorded_and_retried_later(caplog):
    with transaction.atomic():
        item = outbox.outbox_add(kind="test.fail", key="k4", payload={"n": 4})
    item.refresh_from_db()
    assert item.done_at is None and item.attempts == 1 and "printer on fire" in item.last_error
    outbox.register("test.fail", _handler)  # fixed
    outbox.outbox_redispatch(older_than=datetime.timedelta(0))
    item.refresh_from_db()
    assert item.done_at is not None and DONE == [4]


def test_an_unknown_kind_is_refused_at_once():
    with pytest.raises(LookupError):
        outbox.outbox_add(kind="test.unknown", key="k5", payload={})
