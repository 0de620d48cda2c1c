"""A real Celery worker on the measure's own queue, against Redis and PostgreSQL, measures the autosaved text while
nothing consumes the default queue (PDFs, dossiers and exports cannot delay it).

Runs in CI's second pass (DATABASE_URL and REDIS_URL set); on the embedded default there is no broker.
"""

import re
import time
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from plans import page_limits
from plans.snapshot import plan_snapshot
from pow_portal import celery_app
from tests.celery_processes import celery_env, needs_services, start_celery, stop

from .filling import PARAGRAPH

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def measure_worker(settings):
    needs_services()
    queue = f"pow-test-{uuid.uuid4().hex[:8]}-a4"
    with connection.cursor() as cursor:  # the worker's connections are the ones opened after this
        cursor.execute("SELECT clock_timestamp()")
        started = cursor.fetchone()[0]
    # Connections kept a minute, as in production: the worker must not open one per measure.
    proc = start_celery(["worker", "--pool=solo", "-Q", queue, "-l", "info"], celery_env(DJANGO_CONN_MAX_AGE="60"))
    settings.POW_GAUGE_IN_WORKER = True
    old = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue, celery_app.conf.task_routes
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = f"{queue}-nobody"  # the default queue has no worker at all
    celery_app.conf.task_routes = {"plans.tasks.section_measure": {"queue": queue}}
    reroute()
    try:
        proc.started = started
        yield proc
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue, celery_app.conf.task_routes = old
        reroute()
        stop(proc)


def reroute():
    """Celery keeps the router it made on first use, with the routes of then (an earlier test's send_task)."""
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


def test_the_measure_worker_measures_the_newest_autosaved_text(client, plan, section, regio_user, measure_worker):
    client.force_login(regio_user)
    row = section("analyse")
    url = reverse("plans:section-autosave", args=[plan.pk, "analyse"])
    for version in range(3):  # typing on: the saves queue behind one another
        response = client.post(url, {"expected_version": version, "part_tekst": PARAGRAPH * (10 + version)})
        html = response.content.decode()
        assert response.status_code == 200 and 'data-hx-trigger="load delay:300ms"' in html
    html = follow_polls(client, html, measure_worker)
    assert "gemeten:" in html, "the worker did not measure within 90 s"
    row.refresh_from_db()
    assert row.version == 3
    assert row.pages == page_limits.measure_section(plan_snapshot(plan), "analyse")
    # The next measure runs on the worker's same database connection (Celery would open a new one per task).
    backends = worker_backends(measure_worker.started)
    assert len(backends) == 1
    html = client.post(url, {"expected_version": 3, "part_tekst": PARAGRAPH * 9}).content.decode()
    assert "gemeten:" in follow_polls(client, html, measure_worker)
    assert worker_backends(measure_worker.started) == backends


def follow_polls(client, html, worker):
    """Follow the page's own polls (quick answers from Redis while pending, then the full view with the measure)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and "data-gauge-pending" in html:
        match = re.search(r'data-hx-get="([^"]+)" data-hx-trigger="load delay:(\d+)ms"', html)
        time.sleep(min(int(match[2]), 1000) / 1000)
        html = client.get(match[1].replace("&amp;", "&")).content.decode()
        assert worker.poll() is None, worker.stdout.read()
    return html


def worker_backends(since):
    """The PostgreSQL backends (pid, start) opened on the test database since the worker started, but this test's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_start FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_start >= %s",
            [since],
        )
        return set(cursor.fetchall())
