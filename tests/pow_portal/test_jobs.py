"""Background jobs: rows written in the move's transaction, carried out after commit by one claimant at a time,
retried with backoff up to a cap, then failed visibly with their reason until someone tries again.

A broker that is down is simulated here by a task whose publishing fails; the real thing (a stopped Redis and a
real worker) is the fault drill in test_fault_drills.py.
"""

import datetime
import threading

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from pow_portal import jobs, tasks
from pow_portal.models import AuditEvent, Job, JobState

pytestmark = pytest.mark.django_db(transaction=True)

DONE = []


def _handler(*, n):
    DONE.append(n)


def _failing(*, n):
    raise RuntimeError("printer on fire")


@pytest.fixture(autouse=True)
def handlers():
    DONE.clear()
    jobs.register("test.ok", _handler)
    jobs.register("test.fail", _failing)


def test_a_job_is_carried_out_after_commit_once():
    with transaction.atomic():
        job = jobs.job_add(kind="test.ok", key="k1", payload={"n": 1})
        jobs.job_add(kind="test.ok", key="k1", payload={"n": 1})  # a double click
        assert DONE == []
    job.refresh_from_db()
    assert DONE == [1] and job.state == JobState.DONE and job.done_at is not None and job.attempts == 1
    assert jobs.job_run(job_id=job.pk) is False  # a redelivery changes nothing
    assert DONE == [1]


def test_nothing_happens_when_the_move_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.job_add(kind="test.ok", key="k2", payload={"n": 2})
        raise RuntimeError
    assert DONE == [] and not Job.objects.exists()


def test_a_dead_broker_never_fails_the_caller_and_the_beat_job_offers_the_job_again(monkeypatch, caplog, settings):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.job_run, "apply_async", refuse)
    with transaction.atomic():
        job = jobs.job_add(kind="test.ok", key="k3", payload={"n": 3})
    assert DONE == [] and "could not queue" in caplog.text
    monkeypatch.undo()
    assert jobs.jobs_tick() == 0  # offered a moment ago: not yet again
    settings.POW_OUTBOX_REDISPATCH_AFTER = 0
    assert jobs.jobs_tick() == 1
    job.refresh_from_db()
    assert DONE == [3] and job.state == JobState.DONE


def test_two_workers_racing_for_a_job_claim_it_once():
    job = Job.objects.create(kind="test.ok", key="k-race", payload={"n": 5})
    assert jobs.job_claim(job.pk, worker="a") is True
    assert jobs.job_claim(job.pk, worker="b") is False  # the lease holds
    job.refresh_from_db()
    assert job.state == JobState.RUNNING and job.claimed_by == "a" and job.attempts == 1


@pytest.mark.services
def test_racing_claims_on_postgresql_have_one_winner():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI's second pass runs it)")
    ids = [Job.objects.create(kind="test.ok", key=f"k-pg-{i}", payload={"n": i}).pk for i in range(20)]
    wins = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def worker(name):
        barrier.wait()
        for job_id in ids:
            if jobs.job_claim(job_id, worker=name):
                wins[name].append(job_id)
        connection.close()

    threads = [threading.Thread(target=worker, args=(name,)) for name in wins]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins["a"] + wins["b"]) == ids  # every job claimed, none twice
    assert set(Job.objects.values_list("attempts", flat=True)) == {1}


def test_a_failure_waits_with_backoff_and_stops_failed_after_its_cap(settings):
    settings.POW_JOB_BACKOFF = 60
    with time_machine.travel(datetime.datetime(2019, 9, 2, 10, tzinfo=datetime.UTC), tick=False) as traveller:
        with transaction.atomic():
            job = jobs.job_add(kind="test.fail", key="k4", payload={"n": 4}, max_attempts=3)
        job.refresh_from_db()
        assert job.state == JobState.WAITING and job.attempts == 1 and "printer on fire" in job.last_error
        assert job.next_attempt_at == timezone.now() + datetime.timedelta(seconds=60)
        assert jobs.jobs_tick() == 0  # not due yet
        traveller.shift(61)
        assert jobs.jobs_tick() == 1
        job.refresh_from_db()
        assert job.attempts == 2 and job.next_attempt_at == timezone.now() + datetime.timedelta(seconds=120)
        traveller.shift(121)
        jobs.jobs_tick()
        job.refresh_from_db()
        assert job.state == JobState.FAILED and job.attempts == 3 and "printer on fire" in job.last_error
        traveller.shift(24 * 3600)
        assert jobs.jobs_tick() == 0  # failed stays failed: no endless retries
        assert jobs.job_run(job_id=job.pk) is False
        assert Job.objects.get(pk=job.pk).attempts == 3


def test_an_expired_lease_is_taken_back_and_run_again():
    job = Job.objects.create(kind="test.ok", key="k-lease", payload={"n": 6})
    assert jobs.job_claim(job.pk, worker="killed-worker")
    # the worker dies without a word; the lease runs out
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    jobs.jobs_tick()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 2 and DONE == [6]


def test_an_unknown_kind_is_refused_at_once():
    with pytest.raises(LookupError):
        jobs.job_add(kind="test.unknown", key="k5", payload={})


def test_failed_work_is_shown_with_its_reason_and_tried_again_on_wacht_op_verwerking(client, users_by_role):
    with transaction.atomic():
        job = jobs.job_add(kind="test.fail", key="k7", payload={"n": 7}, max_attempts=1)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    szw = users_by_role["ministerie"]
    client.force_login(szw)
    page = client.get(reverse("review:pending")).content.decode()
    assert "Mislukt" in page and "printer on fire" in page and reverse("job-retry", args=[job.pk]) in page
    assert "Mislukt" in client.get(reverse("home")).content.decode()  # the start page counts it

    client.force_login(users_by_role["regio"])
    assert client.post(reverse("job-retry", args=[job.pk])).status_code in (302, 403)
    assert Job.objects.get(pk=job.pk).state == JobState.FAILED
    client.force_login(szw)
    assert client.get(reverse("job-retry", args=[job.pk])).status_code == 405

    jobs.register("test.fail", _handler)  # the cause is fixed
    response = client.post(reverse("job-retry", args=[job.pk]), {"next": reverse("review:pending")})
    assert response.status_code == 302 and response.url == reverse("review:pending")
    job.refresh_from_db()
    assert job.state == JobState.DONE and DONE == [7]
    assert AuditEvent.objects.filter(action="job_retry", object_id=str(job.pk), actor=szw).exists()
    # a second click finds nothing failed: a clear message, no second run
    client.post(reverse("job-retry", args=[job.pk]))
    assert DONE == [7]


def test_the_beheerder_start_page_counts_failed_and_waiting_work(client, users_by_role):
    Job.objects.create(kind="test.ok", key="k8", payload={"n": 8}, state=JobState.FAILED, last_error="weg")
    Job.objects.create(kind="test.ok", key="k9", payload={"n": 9}, next_attempt_at=timezone.now())
    client.force_login(users_by_role["beheerder"])
    page = client.get(reverse("home")).content.decode()
    assert "Achtergrondwerk" in page and reverse("jobs") in page
    assert "<dt>Mislukt</dt><dd>1</dd>" in page and "<dt>Wacht of bezig</dt><dd>1</dd>" in page
