"""A real Celery worker process, against Redis and PostgreSQL, sends mail the app queued.

Runs in CI's second pass (DATABASE_URL and REDIS_URL set); on the embedded default there is no
broker for a worker to listen to.
"""

import time
import uuid

import pytest
from django.db import transaction

from pow_portal import celery_app, services
from pow_portal.models import Notification
from tests.celery_processes import celery_env, mail_to, needs_services, start_celery, stop

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path):
    needs_services()
    queue = f"pow-test-{uuid.uuid4().hex[:8]}"
    proc = start_celery(["worker", "--pool=solo", "-Q", queue, "-l", "info"], celery_env(**mail_to(tmp_path / "mail")))
    old = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield tmp_path / "mail", proc
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = old
        stop(proc)


def test_a_real_worker_sends_the_mail_queued_on_commit(worker):
    mail_dir, proc = worker
    with transaction.atomic():
        notification = services.notification_queue(
            key="celery-integration", to=["ot@example.nl"], subject="Plan ingediend: Helmond-De Peel", body="Test"
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.sent_at:
            break
        assert proc.poll() is None, proc.stdout.read()
        time.sleep(0.5)
    assert notification.sent_at is not None, "the worker did not send the mail within 90 s"
    sent = "".join(p.read_text() for p in mail_dir.iterdir())
    assert "Plan ingediend: Helmond-De Peel" in sent
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0
