"""Large payment lists are exported by a worker: progress page, kept file, idempotent task, beat re-dispatch."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pow_portal import jobs, tasks
from pow_portal.models import Arbeidsmarktregio, Job, JobState, ProgrammeRound
from review import exports
from review.models import Circulaire, Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def szw(make_user):
    return make_user(username="szw-export", ministerie=True)


@pytest.fixture
def big_list(szw, settings):
    settings.POW_EXPORT_ASYNC_ROWS = 3
    circulaire = Circulaire.objects.create(
        round=ProgrammeRound.objects.current(), name="Grote circulaire", year=2019, bzk_deadline="2019-07-05"
    )
    for region in Arbeidsmarktregio.objects.order_by("name")[:5]:
        Payment.objects.create(round=circulaire.round, region=region, centrumgemeente=region.centrumgemeente,
                               tranche=2019, amount=Decimal("1000000.00"), circulaire=circulaire, basis="Besluit",
                               created_by=szw)  # fmt: skip
    return circulaire


def test_a_large_list_is_made_by_a_worker_and_kept(client, szw, big_list, django_capture_on_commit_callbacks):
    client.force_login(szw)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("review:circulaire-export", args=[big_list.pk, "csv"]))
    job = Job.objects.get(kind=exports.EXPORT_JOB)
    assert response.status_code == 302 and response.url == reverse("review:export-job", args=[job.pk])
    assert job.state == JobState.DONE and job.percent == 100 and job.payload["rows"] == 5
    page = client.get(response.url).content.decode()
    assert reverse("review:export-job-download", args=[job.pk]) in page and "hx-get" not in page
    download = client.get(reverse("review:export-job-download", args=[job.pk]))
    assert download["X-Content-SHA256"] == job.sha256
    assert download.content == exports.export_csv(big_list)
    assert not jobs.job_run(job_id=job.pk)  # idempotent: done is done
    assert Job.objects.get(pk=job.pk).done_at == job.done_at


def test_a_waiting_job_is_polled_and_asked_once(client, szw, big_list, monkeypatch):
    monkeypatch.setattr(jobs, "_dispatch", lambda job_id: None)  # no worker yet
    client.force_login(szw)
    url = reverse("review:circulaire-export", args=[big_list.pk, "pdf"])
    first, second = client.get(url), client.get(url)
    assert first.url == second.url and Job.objects.filter(kind=exports.EXPORT_JOB).count() == 1
    partial = client.get(first.url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "<progress" in partial and "<html" not in partial


def test_a_broker_outage_on_dispatch_is_logged_and_the_beat_job_sends_it_again(
    client, szw, big_list, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.job_run, "apply_async", broker_down)
    client.force_login(szw)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("review:circulaire-export", args=[big_list.pk, "xlsx"]))
    assert response.status_code == 302
    job = Job.objects.get(kind=exports.EXPORT_JOB)
    assert job.state == JobState.WAITING
    assert "could not queue" in caplog.text
    monkeypatch.undo()
    assert tasks.jobs_tick() == 0  # offered a moment ago: the first dispatch may still come
    Job.objects.update(dispatched_at=timezone.now() - datetime.timedelta(minutes=3))
    assert tasks.jobs_tick() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.file.size > 0


def test_a_small_list_comes_at_once(client, szw, big_list, settings):
    settings.POW_EXPORT_ASYNC_ROWS = 500
    client.force_login(szw)
    response = client.get(reverse("review:circulaire-export", args=[big_list.pk, "csv"]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert not Job.objects.filter(kind=exports.EXPORT_JOB).exists()


def test_only_the_ministry_sees_export_jobs(client, users_by_role, szw, big_list, monkeypatch):
    monkeypatch.setattr(jobs, "_dispatch", lambda job_id: None)
    job = exports.export_job_request(circulaire=big_list, fmt="csv", by=szw)
    client.force_login(users_by_role["ondersteuningsteam"])
    assert client.get(reverse("review:export-job", args=[job.pk])).status_code == 403
