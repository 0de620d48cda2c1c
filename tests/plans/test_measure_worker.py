"""A real Celery worker on the measure's own queue, against Redis and PostgreSQL, measures the autosaved text while
nothing consumes the default queue (PDFs, dossiers and exports cannot delay it).

Runs in CI's second pass (DATABASE_URL and REDIS_URL set); on the embedded default there is no broker.
"""

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from plans import page_limits
from plans.snapshot import plan_snapshot
from pow_portal import celery_app

from .filling import PARAGRAPH

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def measure_worker(settings):
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL (CI's second pass runs it)")
    db = connection.settings_dict
    queue = f"pow-test-{uuid.uuid4().hex[:8]}-a4"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pow_portal.settings.local",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pow_portal", "worker", "--pool=solo", "-Q", queue, "-l", "info"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    settings.POW_GAUGE_IN_WORKER = True
    old = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue, celery_app.conf.task_routes
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = f"{queue}-nobody"  # the default queue has no worker at all
    celery_app.conf.task_routes = {"plans.tasks.section_measure": {"queue": queue}}
    try:
        yield proc
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue, celery_app.conf.task_routes = old
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_the_measure_worker_measures_the_newest_autosaved_text(client, plan, section, regio_user, measure_worker):
    client.force_login(regio_user)
    row = section("analyse")
    url = reverse("plans:section-autosave", args=[plan.pk, "analyse"])
    for version in range(3):  # typing on: the saves queue behind one another
        response = client.post(url, {"expected_version": version, "part_tekst": PARAGRAPH * (10 + version)})
        html = response.content.decode()
        assert response.status_code == 200 and 'data-hx-trigger="load delay:300ms"' in html
    # Follow the page's own polls (quick answers from Redis while pending, then the full view with the measure).
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and "data-gauge-pending" in html:
        match = re.search(r'data-hx-get="([^"]+)" data-hx-trigger="load delay:(\d+)ms"', html)
        time.sleep(min(int(match[2]), 1000) / 1000)
        html = client.get(match[1].replace("&amp;", "&")).content.decode()
        assert measure_worker.poll() is None, measure_worker.stdout.read()
    assert "gemeten:" in html, "the worker did not measure within 90 s"
    row.refresh_from_db()
    assert row.version == 3
    assert row.pages == page_limits.measure_section(plan_snapshot(plan), "analyse")
