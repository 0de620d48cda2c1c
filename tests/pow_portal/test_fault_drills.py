"""Fault drills with the real parts: a Redis that stops and a worker killed with SIGKILL.

Each drill runs its own redis-server on a free port (the machine's shared Redis is never stopped) and real
Celery worker processes with beat, against the PostgreSQL test database. Runs in CI's second pass
(DATABASE_URL and REDIS_URL set). The figures (request times, recovery times) are printed.
"""

import io
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from plans import services as plan_services
from plans.models import PlanVersion
from pow_portal import celery_app, clock
from pow_portal.models import Job, JobState, Notification
from review import demo, services
from review.constants import PaymentStatus
from review.models import Decision, Payment, StuurgroepMeeting
from tests.celery_processes import celery_env, mail_to, needs_services, start_celery, stop_group
from tests.factories import UserFactory, region
from tests.plans.filling import fill_plan
from tests.review.conftest import decide_all

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port, self.dir, self.proc = _free_port(), tmp_path, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self):
        self.proc.kill()
        self.proc.wait()


@pytest.fixture
def drill(tmp_path):
    """A private Redis, the test process's Celery pointed at it, and a way to start workers (with beat)."""
    needs_services()
    redis = PrivateRedis(tmp_path)
    redis.start()
    queue = f"pow-drill-{uuid.uuid4().hex[:8]}"
    workers = []

    def start_worker():
        env = celery_env(
            REDIS_URL=redis.url, POW_CELERY_QUEUE=queue, POW_MEDIA_ROOT=str(settings.MEDIA_ROOT), POW_BEAT_INTERVAL="3",
            POW_OUTBOX_REDISPATCH_AFTER="5", POW_TASK_TIME_LIMIT="20", **mail_to(tmp_path / "mail"),
        )  # fmt: skip
        log = open(tmp_path / f"worker-{len(workers)}.log", "w")  # noqa: SIM115 - closed with the drill
        proc = start_celery(["worker", "-B", "--pool=solo", "-Q", queue, "-s", str(tmp_path / f"beat-{len(workers)}"),
                             "-l", "info"], env, stdout=log, own_group=True)  # fmt: skip
        workers.append((proc, log))
        return proc, tmp_path / f"worker-{len(workers) - 1}.log"

    old = dict(celery_app.conf.items())
    celery_app.conf.update(task_always_eager=False, broker_url=redis.url, task_default_queue=queue)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        with override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis.url}}
        ):
            yield redis, start_worker, tmp_path / "mail"
    finally:
        celery_app.conf.update(
            task_always_eager=old["task_always_eager"], broker_url=old["broker_url"],
            task_default_queue=old["task_default_queue"],
        )  # fmt: skip
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        for proc, log in workers:
            stop_group(proc)
            log.close()
        if redis.proc.poll() is None:
            redis.stop()


def _wait(what, check, timeout=180):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def _people():
    return {
        "ot": UserFactory(username="ot-drill", ondersteuningsteam=True),
        "sg": UserFactory(username="sg-drill", stuurgroep=True),
        "szw": UserFactory(username="szw-drill", ministerie=True),
    }


def _advised_plan(user, people, round_):
    plan = plan_services.plan_get_or_create(region=user.region, round=round_)
    fill_plan(plan, user)
    plan_services.plan_submit(plan=plan, by=user)
    decide_all(services.review_start(plan=plan, by=people["ot"]), people["ot"])
    services.review_mark_complete(plan=plan, by=people["ot"])
    services.agenda_add(meeting=StuurgroepMeeting.objects.get(date=clock.today()), plan=plan, by=people["sg"])
    services.advice_record(plan=plan, kind="positief", reasons="Goed plan", by=people["sg"])
    plan.refresh_from_db()
    return plan


def _pdfs_since(version, since):
    folder = Path(settings.MEDIA_ROOT) / "versions"
    stem = f"actieplan-{version.plan.region.code.lower()}-v{version.number}"
    return [p for p in folder.glob(f"{stem}*.pdf") if p.stat().st_mtime >= since] if folder.exists() else []


def test_redis_down_during_an_approval_and_a_submission_loses_nothing(drill, client):
    redis, start_worker, mail_dir = drill
    round_ = demo.load(io.StringIO())
    people = _people()
    helmond = UserFactory(username="regio-drill-1", regio=True)
    rijnland = UserFactory(username="regio-drill-2", regio=True, region=region("Holland Rijnland"))
    start_worker()
    advised = _advised_plan(helmond, people, round_)
    waiting = plan_services.plan_get_or_create(region=rijnland.region, round=round_)
    fill_plan(waiting, rijnland)
    since = time.time()

    redis.stop()
    client.force_login(rijnland)
    started = time.monotonic()
    response = client.post(reverse("plans:submit", args=[waiting.pk]), {"expected_status": "concept"}, follow=True)
    submit_seconds = time.monotonic() - started
    assert response.status_code == 200 and "is ingediend" in response.content.decode()
    client.force_login(people["szw"])
    started = time.monotonic()
    form = {f"{advised.pk}-kind": "goedkeuring", f"{advised.pk}-decided_on": clock.today().isoformat(),
            f"{advised.pk}-reference": "DRILL-1"}  # fmt: skip
    response = client.post(reverse("review:decide", args=[advised.pk]), form, follow=True)
    approve_seconds = time.monotonic() - started
    assert response.status_code == 200 and "Besluit (goedkeuring) vastgelegd" in response.content.decode()
    # The money is in the decision's transaction: confirmed at once, while the broker is down.
    assert Payment.objects.get(region=helmond.region).status == PaymentStatus.BEVESTIGD
    assert submit_seconds < 5 and approve_seconds < 5, (submit_seconds, approve_seconds)

    redis.start()
    version = PlanVersion.objects.get(plan=waiting)
    decision = Decision.objects.get(plan=advised)
    recovered = _wait(
        "PDF, letter and mails after Redis came back",
        lambda: (
            PlanVersion.objects.get(pk=version.pk).pdf
            and Decision.objects.get(pk=decision.pk).letter
            and not Notification.objects.filter(sent_at__isnull=True).exists()
        ),
    )
    time.sleep(8)  # longer than a redispatch round: a duplicate would show now
    assert len(_pdfs_since(version, since)) == 1
    assert Job.objects.exclude(state=JobState.DONE).count() == 0
    assert Payment.objects.filter(region=helmond.region).count() == 1
    sent = "".join(p.read_text() for p in mail_dir.iterdir())
    assert sent.count(f"Besluit over het actieplan {helmond.region.name}") == 1
    assert sent.count(f"Actieplan ingediend: {rijnland.region.name} (versie 1)") == 1
    print(f"\nredis down: submit answered in {submit_seconds:.2f} s, approval in {approve_seconds:.2f} s; "
          f"PDF, letter and mails done {recovered:.1f} s after Redis was back")  # fmt: skip


def test_a_worker_killed_mid_pdf_leaves_exactly_one_pdf(drill):
    redis, start_worker, _mail = drill
    round_ = demo.load(io.StringIO())
    user = UserFactory(username="regio-drill-3", regio=True)
    plan = plan_services.plan_get_or_create(region=user.region, round=round_)
    fill_plan(plan, user)
    first, log = start_worker()
    _wait("the worker to listen", lambda: "ready." in log.read_text(), timeout=60)
    since = time.time()
    version = plan_services.plan_submit(plan=plan, by=user)
    _wait("the PDF task to reach the worker", lambda: "job_run" in log.read_text() and "received" in log.read_text(),
          timeout=60)  # fmt: skip
    os.kill(first.pid, signal.SIGKILL)
    killed_at = time.monotonic()
    first.wait()
    assert not PlanVersion.objects.get(pk=version.pk).pdf, "the worker finished before it was killed"
    start_worker()
    recovered = _wait("the PDF after the kill", lambda: PlanVersion.objects.get(pk=version.pk).pdf, timeout=240)
    time.sleep(max(0.0, 35 - (time.monotonic() - killed_at)))  # past the visibility timeout: the redelivery runs
    assert len(_pdfs_since(version, since)) == 1
    assert Job.objects.get(key=f"plan-version:{version.pk}:pdf").state == JobState.DONE
    print(f"\nworker SIGKILLed mid-PDF: exactly one PDF {recovered:.1f} s after the kill")


def test_a_dossier_build_whose_worker_is_killed_is_run_again_after_its_lease(drill, monkeypatch):
    """Worker A claims the dossier and is held mid-build (its next progress report waits on a row lock the drill
    takes), then SIGKILLed. Worker B's beat takes the job back once the lease (time limit + 15 s) runs out, and
    builds it: done, on its second attempt, with the plan version's PDF made once."""
    import psycopg2

    from monitoring import files
    from pow_portal import jobs

    _redis, start_worker, _mail = drill
    round_ = demo.load(io.StringIO())
    user = UserFactory(username="regio-drill-4", regio=True)
    szw = UserFactory(username="szw-drill-4", ministerie=True)
    plan = plan_services.plan_get_or_create(region=user.region, round=round_)
    fill_plan(plan, user)
    with monkeypatch.context() as m:
        m.setattr(jobs, "_dispatch", lambda job_id: None)
        version = plan_services.plan_submit(plan=plan, by=user)
    # No PDF yet: the dossier renders it, which holds worker A long enough to catch it mid-build.
    Job.objects.filter(key=f"plan-version:{version.pk}:pdf").delete()
    first, log = start_worker()
    _wait("the worker to listen", lambda: "ready." in log.read_text(), timeout=60)
    since = time.time()
    export = files.dossier_request(region=user.region, by=szw)
    db = connection.settings_dict
    holder = psycopg2.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job = Job.objects.get(pk=export.pk)
            if job.state == JobState.RUNNING and job.progress_total:
                break
            time.sleep(0.02)
        assert job.state == JobState.RUNNING and job.progress_done == 0, "the build did not start, or finished"
        with holder.cursor() as cursor:
            cursor.execute("SELECT id FROM pow_portal_job WHERE id = %s FOR UPDATE", [export.pk])
        _wait(
            "worker A to render the PDF and wait on its progress",
            lambda: PlanVersion.objects.get(pk=version.pk).pdf,
            timeout=120,
        )
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        holder.rollback()
        holder.close()
    dead = Job.objects.get(pk=export.pk)
    assert dead.state == JobState.RUNNING and dead.attempts == 1  # a dead claim, until its lease runs out
    start_worker()
    recovered = _wait(
        "the dossier after the kill", lambda: Job.objects.get(pk=export.pk).state == JobState.DONE, timeout=240
    )
    job = Job.objects.get(pk=export.pk)
    assert job.attempts == 2 and job.file.name.endswith(".zip") and job.progress_done == job.progress_total
    assert job.started_at >= dead.lease_until  # taken back by lease expiry, not earlier
    assert len(_pdfs_since(version, since)) == 1
    print(f"\nworker SIGKILLed mid-dossier: done {recovered:.1f} s after the kill, attempt {job.attempts}")
