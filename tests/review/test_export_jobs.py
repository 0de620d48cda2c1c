"""Large payment lists are exported by a worker: progress page, kept file, idempotent task, beat re-dispatch."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pow_portal.models import Arbeidsmarktregio, ProgrammeRound
from review import exports, tasks
from review.models import Circulaire, ExportJob, Payment

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
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("review:export-job", args=[job.pk])
    assert job.status == ExportJob.Status.DONE and job.progress == 100 and job.rows == 5
    page = client.get(response.url).content.decode()
    assert reverse("review:export-job-download", args=[job.pk]) in page and "hx-get" not in page
    download = client.get(reverse("review:export-job-download", args=[job.pk]))
    assert download["X-Content-SHA256"] == job.sha256
    assert download.content == exports.export_csv(big_list)
    assert not exports.export_job_run(job_id=job.pk)  # idempotent: done is done
    assert ExportJob.objects.get().finished_at == job.finished_at


def test_a_waiting_job_is_polled_and_asked_once(client, szw, big_list, monkeypatch):
    monkeypatch.setattr(exports, "_dispatch", lambda job_id: None)  # no worker yet
    client.force_login(szw)
    url = reverse("review:circulaire-export", args=[big_list.pk, "pdf"])
    first, second = client.get(url), client.get(url)
    assert first.url == second.url and ExportJob.objects.count() == 1
    partial = client.get(first.url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "<progress" in partial and "<html" not in partial


def test_a_broker_outage_on_dispatch_is_logged_and_the_beat_job_sends_it_again(
    client, szw, big_list, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_down(job_id):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.export_job_run, "delay", broker_down)
    client.force_login(szw)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("review:circulaire-export", args=[big_list.pk, "xlsx"]))
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.WAITING
    assert "not queued" in caplog.text
    monkeypatch.undo()
    assert tasks.export_jobs_redispatch() == 0  # asked less than a minute ago: the first dispatch may still come
    ExportJob.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=2))
    assert tasks.export_jobs_redispatch() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.file.size > 0


def test_a_small_list_comes_at_once(client, szw, big_list, settings):
    settings.POW_EXPORT_ASYNC_ROWS = 500
    client.force_login(szw)
    response = client.get(reverse("review:circulaire-export", args=[big_list.pk, "csv"]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert not ExportJob.objects.exists()


def test_only_the_ministry_sees_export_jobs(client, users_by_role, szw, big_list, monkeypatch):
    monkeypatch.setattr(exports, "_dispatch", lambda job_id: None)
    job = exports.export_job_request(circulaire=big_list, fmt="csv", by=szw)
    client.force_login(users_by_role["ondersteuningsteam"])
    assert client.get(reverse("review:export-job", args=[job.pk])).status_code == 403
