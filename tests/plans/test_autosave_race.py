"""An autosave that loses the race with a submission answers 422 with a Dutch message, never a 500."""

import pytest
from django.urls import reverse

from monitoring import services as monitoring_services
from plans import services
from plans.constants import PlanStatus
from tests.monitoring.conftest import approved_plan, period

from .filling import PARAGRAPH, fill_plan

pytestmark = pytest.mark.django_db


def test_a_plan_autosave_after_the_submission_is_422_in_dutch(client, regio_user, open_round, monkeypatch):
    plan = services.plan_get_or_create(region=regio_user.region, round=open_round)
    fill_plan(plan, regio_user)
    row = plan.sections.get(section="analyse")
    client.force_login(regio_user)
    services.plan_submit(plan=plan, by=regio_user)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.INGEDIEND
    # The view's check ran before the submission committed; the save under the lock refuses.
    monkeypatch.setattr("plans.views.can_edit_plan", lambda user, plan: True)
    response = client.post(
        reverse("plans:section-autosave", args=[plan.pk, "analyse"]),
        {"expected_version": row.version, "part_tekst": PARAGRAPH + " nog iets"},
    )
    assert response.status_code == 422
    assert response.json() == {
        "error": "not_editable",
        "message": "Dit plan is ingediend en kan nu niet worden gewijzigd.",
    }
    row.refresh_from_db()
    assert "nog iets" not in str(row.parts)


def test_a_report_autosave_after_the_submission_is_422_in_dutch(client, make_user):
    from tests.monitoring.conftest import NUMBERS, TEXTS

    regio = make_user(username="m-regio-race", regio=True)
    szw = make_user(username="m-szw-race", ministerie=True)
    plan = approved_plan("Helmond-De Peel", szw)
    report = monitoring_services.report_get_or_create(plan=plan, period=period(), by=regio)
    report = monitoring_services.report_update(
        report=report, numbers=NUMBERS, texts=TEXTS, expected_version=0, by=regio
    )
    monitoring_services.report_submit(report=report, by=regio)
    client.force_login(regio)
    response = client.post(
        reverse("monitoring:report-autosave", args=[period().pk]),
        {"expected_version": report.version, **NUMBERS, **TEXTS, "aanbod": "Later getypt"},
    )
    assert response.status_code == 422
    assert "Deze rapportage is ingediend en kan nu niet worden gewijzigd." in response.content.decode()


def test_opening_the_report_form_writes_nothing_and_the_first_autosave_creates_it(client, make_user):
    from monitoring.models import ProgressReport

    regio = make_user(username="m-regio-get", regio=True)
    approved_plan("Helmond-De Peel", make_user(username="m-szw-get", ministerie=True))
    client.force_login(regio)
    assert client.get(reverse("monitoring:report-edit", args=[period().pk])).status_code == 200
    assert not ProgressReport.objects.exists()
    response = client.post(
        reverse("monitoring:report-autosave", args=[period().pk]), {"expected_version": 0, "aanbod": "Begin"}
    )
    assert response.status_code == 200
    assert ProgressReport.objects.get().texts["aanbod"] == "Begin"


def test_the_gauge_poll_never_measures_in_the_request_nor_stores(client, regio_user, open_round, monkeypatch):
    """A poll of a measure that is late queues it again (a worker measures); it lays nothing out itself and
    writes nothing to the section."""
    import datetime

    from django.utils import timezone

    from plans import page_limits
    from plans.models import PlanSection

    plan = services.plan_get_or_create(region=regio_user.region, round=open_round)
    row = plan.sections.get(section="analyse")
    services.section_update(
        section=row, parts={"tekst": PARAGRAPH}, expected_version=0, by=regio_user, measure_later=True
    )
    PlanSection.objects.filter(pk=row.pk).update(
        pages_hash="", updated_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    client.force_login(regio_user)

    def no_layout_here(*args, **kwargs):
        raise AssertionError("the poll laid the section out in the request")

    # The poll's side of the boundary: what it hands to the measure queue (a real worker measures it in
    # tests/plans/test_measure_worker.py). Eager Celery would otherwise run the worker's task inside this request.
    from django.core.cache import cache

    from plans import tasks

    queued = []
    cache.clear()  # the once-per-interval mark of another test must not hide this poll's requeue
    monkeypatch.setattr(tasks.section_measure, "delay", lambda *args: queued.append(args))
    monkeypatch.setattr(page_limits, "_layout", no_layout_here)
    html = client.get(reverse("plans:section-gauge", args=[plan.pk, "analyse"])).content.decode()
    assert "data-gauge-pending" in html and "A4" in html
    assert PlanSection.objects.get(pk=row.pk).pages_hash == ""
    assert queued == [(row.pk, row.version + 1)]
