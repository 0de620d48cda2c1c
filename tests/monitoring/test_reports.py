"""Progress reports: drafting with conflicts, submission into a frozen version with a PDF, review."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring import services
from monitoring.constants import ReportStatus
from monitoring.models import ProgressReportVersion
from pow_portal.models import Notification

from .conftest import NUMBERS, TEXTS, filled_report_version, period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _january(monkeypatch):
    monkeypatch.setattr("pow_portal.clock.today", lambda: datetime.date(2020, 1, 20))


def test_conflicting_saves_are_refused_and_keep_the_stored_text(plan, people):
    report = services.report_get_or_create(plan=plan, period=period(), by=people["regio"])
    services.report_update(report=report, numbers={}, texts={"aanbod": "Eerste"}, expected_version=0,
                           by=people["regio"])  # fmt: skip
    with pytest.raises(services.ReportConflict) as conflict:
        services.report_update(report=report, numbers={}, texts={"aanbod": "Tweede"}, expected_version=0,
                               by=people["regio"])  # fmt: skip
    assert conflict.value.current.texts["aanbod"] == "Eerste"


def test_incomplete_report_is_not_submitted(plan, people):
    report = services.report_get_or_create(plan=plan, period=period(), by=people["regio"])
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=people["regio"])
    assert error.value.code == "incomplete"
    assert "Knelpunten" in error.value.messages[0]
    assert not ProgressReportVersion.objects.exists()


def test_submission_freezes_a_version_with_pdf_and_mails_the_support_team(
    plan, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = filled_report_version(plan, people["regio"])
    version.refresh_from_db()
    assert version.on_time is True
    assert version.content["numbers"] == NUMBERS
    assert version.content["texts"] == TEXTS
    assert version.pdf and version.pdf.read(4) == b"%PDF"
    assert version.report.status == ReportStatus.INGEDIEND
    assert Notification.objects.filter(key=f"report-version:{version.pk}:submitted", to=["m-ot@example.nl"]).exists()
    with pytest.raises(ValueError, match="immutable"):
        version.save()
    with pytest.raises(ValidationError):  # the draft is frozen until the support team asks for more
        services.report_update(report=version.report, numbers={}, texts={"aanbod": "x"},
                               expected_version=version.report.version, by=people["regio"])  # fmt: skip


def test_late_submission_is_marked(plan, people, monkeypatch):
    monkeypatch.setattr("pow_portal.clock.today", lambda: datetime.date(2020, 2, 3))
    assert filled_report_version(plan, people["regio"]).on_time is False


def test_review_asks_for_more_then_accepts(plan, people):
    version = filled_report_version(plan, people["regio"])
    with pytest.raises(ValidationError) as error:
        services.report_review(version=version, outcome="aanvulling_gevraagd", comment=" ", by=people["ot"])
    assert error.value.code == "comment"
    services.report_review(version=version, outcome="aanvulling_gevraagd", comment="Meer over scholing.",
                           by=people["ot"])  # fmt: skip
    report = version.report
    report.refresh_from_db()
    assert report.status == ReportStatus.AANVULLING_GEVRAAGD
    assert Notification.objects.get(key=f"report-version:{version.pk}:reviewed").to == ["m-regio@example.nl"]
    report = services.report_update(report=report, numbers={}, texts={"scholing": "Twintig BBL-trajecten."},
                                    expected_version=report.version, by=people["regio"])  # fmt: skip
    second = services.report_submit(report=report, by=people["regio"])
    assert second.number == 2
    services.report_review(version=second, outcome="geaccepteerd", comment="", by=people["ot"])
    report.refresh_from_db()
    assert report.status == ReportStatus.GEACCEPTEERD
    with pytest.raises(ValidationError):  # reviewed once
        services.report_review(version=second, outcome="geaccepteerd", comment="", by=people["ot"])


def test_only_the_region_itself_writes_and_only_the_support_team_reviews(plan, people, other_regio_user):
    with pytest.raises(PermissionDenied):
        services.report_get_or_create(plan=plan, period=period(), by=other_regio_user)
    version = filled_report_version(plan, people["regio"])
    with pytest.raises(PermissionDenied):
        services.report_review(version=version, outcome="geaccepteerd", comment="", by=people["szw"])
