"""A real Celery beat and worker, against Redis and PostgreSQL, deliver a reminder to the mail outbox.

Runs in CI's second pass (DATABASE_URL and REDIS_URL set). Beat fires the reminder job every 2 s
(POW_REMINDERS_INTERVAL); the reminder is queued once, and the worker sends it.
"""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from monitoring.models import MonitoringPeriod
from pow_portal.models import Notification, ProgrammeRound

from .conftest import approved_plan

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _start(args, env):
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "pow_portal", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def beat_and_worker(tmp_path):
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL (CI's second pass runs it)")
    db = connection.settings_dict
    queue = f"pow-beat-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pow_portal.settings.local",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "POW_CELERY_QUEUE": queue,
        "POW_REMINDERS_INTERVAL": "2",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    worker = _start(["worker", "--pool=solo", "-Q", queue, "-l", "info"], env)
    beat = _start(["beat", "-s", str(tmp_path / "beat-schedule"), "--max-interval", "1", "-l", "info"], env)
    try:
        yield tmp_path / "mail", worker, beat
    finally:
        _stop(beat)
        _stop(worker)


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
