"""A real Celery beat and worker, against Redis and PostgreSQL, deliver a reminder to the mail outbox.

Runs in CI's second pass (DATABASE_URL and REDIS_URL set). Beat fires the reminder job every 2 s
(POW_REMINDERS_INTERVAL); the reminder is queued once, and the worker sends it.
"""

import datetime
import time
import uuid

import pytest
from django.utils import timezone

from monitoring.models import MonitoringPeriod
from pow_portal.models import Notification, ProgrammeRound
from tests.celery_processes import celery_env, mail_to, needs_services, start_celery, stop

from .conftest import approved_plan

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def beat_and_worker(tmp_path):
    needs_services()
    queue = f"pow-beat-{uuid.uuid4().hex[:8]}"
    env = celery_env(POW_CELERY_QUEUE=queue, POW_REMINDERS_INTERVAL="2", **mail_to(tmp_path / "mail"))
    worker = start_celery(["worker", "--pool=solo", "-Q", queue, "-l", "info"], env)
    beat = start_celery(["beat", "-s", str(tmp_path / "beat-schedule"), "--max-interval", "1", "-l", "info"], env)
    try:
        yield tmp_path / "mail", worker, beat
    finally:
        stop(beat)
        stop(worker)


def test_beat_and_worker_deliver_a_reminder_to_the_mail_outbox(make_user, beat_and_worker):
    mail_dir, worker, beat = beat_and_worker
    regio = make_user(username="beat-regio", regio=True)
    szw = make_user(username="beat-szw", ministerie=True)
    plan = approved_plan("Helmond-De Peel", szw)
    today = timezone.localdate()
    period = MonitoringPeriod.objects.create(
        round=ProgrammeRound.objects.current(), name="Vragenlijst beat-test", kind="januari",
        counts_until=today, opens_on=today - datetime.timedelta(days=10), due_on=today + datetime.timedelta(days=3),
    )  # fmt: skip
    key = f"reminder:report:{period.pk}:{plan.pk}:3"
    deadline = time.monotonic() + 120
    notification = None
    while time.monotonic() < deadline:
        notification = Notification.objects.filter(key=key).first()
        if notification and notification.sent_at:
            break
        assert worker.poll() is None, worker.stdout.read()
        assert beat.poll() is None, beat.stdout.read()
        time.sleep(0.5)
    assert notification is not None and notification.sent_at, "beat and worker did not deliver within 120 s"
    assert notification.to == [regio.email]
    time.sleep(5)  # beat fires again (every 2 s): still one reminder
    assert Notification.objects.filter(key__startswith=f"reminder:report:{period.pk}:").count() == 1
    sent = "".join(p.read_text() for p in mail_dir.iterdir())
    assert "Herinnering: voortgangsrapportage Vragenlijst beat-test" in sent
