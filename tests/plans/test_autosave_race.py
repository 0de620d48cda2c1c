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
