"""The national overview (web page and one PDF) and the dossier zip, built by a worker with progress."""

import io
import zipfile

import pytest
from django.urls import reverse

from monitoring.files import DOSSIER_JOB, OVERVIEW_JOB
from plans import services as plan_services
from plans.constants import PlanStatus
from pow_portal.models import Job, JobState
from review import services as review_services
from tests.conftest import on  # noqa: E402
from tests.plans.filling import fill_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_real(open_round, calendar, regio_user, make_user, django_capture_on_commit_callbacks):
    """A plan taken through the real route to approval (versions with PDFs, checks, advice, letter)."""
    import datetime

    ot = make_user(username="f-ot", ondersteuningsteam=True)
    sg = make_user(username="f-sg", stuurgroep=True)
    szw = make_user(username="f-szw", ministerie=True)
    with django_capture_on_commit_callbacks(execute=True):
        plan = plan_services.plan_get_or_create(region=regio_user.region, round=open_round)
        fill_plan(plan, regio_user)
        plan_services.plan_submit(plan=plan, by=regio_user)
        check = review_services.review_start(plan=plan, by=ot)
        for item in check.items.all():
            review_services.check_item_decide(item=item, confirmed=True, note="akkoord", by=ot)
        review_services.review_mark_complete(plan=plan, by=ot)
        meeting = review_services.meeting_create(date=datetime.date(2019, 5, 23), title="Stuurgroep mei", by=sg)
        review_services.agenda_add(meeting=meeting, plan=plan, by=sg)
        calendar.move_to(on(datetime.date(2019, 5, 23)))
        review_services.advice_record(plan=plan, kind="positief", reasons="Goed plan.", by=sg)
        calendar.move_to(on(datetime.date(2019, 6, 3)))
        review_services.decision_record(plan=plan, kind="goedkeuring", decided_on=datetime.date(2019, 6, 3),
                                        reference="2019-0001", by=szw)  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == PlanStatus.GOEDGEKEURD
    return plan, szw


def test_overview_page_and_pdf_from_structured_data(client, approved_real, other_regio_user,
                                                    django_capture_on_commit_callbacks):  # fmt: skip
    plan, _szw = approved_real
    client.force_login(other_regio_user)  # every logged-in user
    html = client.get(reverse("monitoring:overview")).content.decode()
    assert "Helmond-De Peel" in html and "Centrumgemeente" in html and "matches in twee jaar" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:overview-pdf"))
    export = Job.objects.get(kind=OVERVIEW_JOB)
    assert response.url == reverse("monitoring:file", args=[export.pk])
    export.refresh_from_db()
    assert export.state == JobState.DONE and export.file.read(4) == b"%PDF"
    client.post(reverse("monitoring:overview-pdf"))  # same approved plans: the same file
    assert Job.objects.filter(kind=OVERVIEW_JOB).count() == 1
    status = client.get(reverse("monitoring:file-status", args=[export.pk]))
    assert status["HX-Redirect"] == reverse("monitoring:file-download", args=[export.pk])


def test_the_dossier_holds_everything_with_an_index(client, approved_real, regio_user,
                                                    django_capture_on_commit_callbacks):  # fmt: skip
    plan, szw = approved_real
    client.force_login(regio_user)
    assert client.post(reverse("monitoring:dossier", args=[plan.region_id])).status_code == 403
    client.force_login(szw)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:dossier", args=[plan.region_id]))
    export = Job.objects.get(kind=DOSSIER_JOB)
    assert export.state == JobState.DONE and export.progress_done == export.progress_total > 0
    response = client.get(reverse("monitoring:file-download", args=[export.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "1-plan/versie-1.pdf" in names and "3-beoordeling/besluitbrief.pdf" in names
    assert any(n.startswith("2-bijlagen/") for n in names)
    assert "4-betalingen/betalingen.csv" in names and "6-geschiedenis/geschiedenis.txt" in names
    assert "Septembercirculaire 2019" in archive.read("4-betalingen/betalingen.csv").decode()
    index = archive.read("index.html").decode()
    assert "Besluitbrief" in index and "Dossier Perspectief op Werk — Helmond-De Peel" in index
    client.force_login(regio_user)
    assert client.get(reverse("monitoring:file-download", args=[export.pk])).status_code == 404


def test_a_dossier_whose_worker_died_is_run_again_by_lease_expiry(
    client, approved_real, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker is killed mid-build (here: it claimed the job, reported a step, and stopped); once the lease
    runs out the beat job takes the job back and the dossier ends done, with one file."""
    import datetime

    from django.utils import timezone

    from monitoring import files
    from pow_portal import jobs

    plan, szw = approved_real
    monkeypatch.setattr(jobs, "_dispatch", lambda job_id: None)  # no worker picks it up yet
    export = files.dossier_request(region=plan.region, by=szw)
    assert jobs.job_claim(export.pk, worker="worker-that-dies")
    jobs.job_progress(Job.objects.get(pk=export.pk), 2, total=9)
    client.force_login(szw)
    page = client.get(reverse("monitoring:file-status", args=[export.pk])).content.decode()
    assert "Bezig: stap 2 van 9" in page
    monkeypatch.undo()
    assert jobs.jobs_tick() == 0  # the lease still holds: nobody else builds it
    Job.objects.filter(pk=export.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    jobs.jobs_tick()
    export.refresh_from_db()
    assert export.state == JobState.DONE and export.attempts == 2 and export.file.name.endswith(".zip")
    assert "afgebroken" not in export.last_error  # done clears the reason
    status = client.get(reverse("monitoring:file-status", args=[export.pk]))
    assert status["HX-Redirect"] == reverse("monitoring:file-download", args=[export.pk])
