"""The monitoring pages: a region files its report, the support team reviews and records, the ministry evaluates."""

import datetime

import pytest
from django.urls import reverse

from monitoring.constants import ReportStatus
from monitoring.models import Attendance, Conversation, Evaluation, NationalMeeting, ProgressReport
from review.models import Payment

from .conftest import NUMBERS, TEXTS, attend_all, filled_report_version, period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _january(monkeypatch):
    monkeypatch.setattr("pow_portal.clock.today", lambda: datetime.date(2020, 1, 20))


def _post_data(version, **overrides):
    return {"expected_version": version, **NUMBERS, **TEXTS, **overrides}


def test_region_drafts_with_autosave_and_nothing_is_lost_on_errors(client, plan, people):
    client.force_login(people["regio"])
    url = reverse("monitoring:report-edit", args=[period().pk])
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("monitoring:report-autosave", args=[period().pk]), {"expected_version": 0, "aanbod": "Concept"}
    )
    assert "Automatisch opgeslagen" in response.content.decode()
    assert 'value="1"' in response.content.decode()
    report = ProgressReport.objects.get()
    assert report.texts["aanbod"] == "Concept"
    response = client.post(url, _post_data(1, matches_regulier="veel", knelpunten="Mijn lange tekst"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Mijn lange tekst" in html and "Voer een geheel getal in." in html
    report.refresh_from_db()
    assert report.version == 1


def test_a_stale_save_shows_both_versions_and_keeps_mine(client, plan, people):
    client.force_login(people["regio"])
    url = reverse("monitoring:report-edit", args=[period().pk])
    client.post(url, _post_data(0, aanbod="Eerst opgeslagen"))
    response = client.post(url, _post_data(0, aanbod="Mijn versie"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Eerst opgeslagen" in html and "Mijn versie" in html
    autosave = client.post(reverse("monitoring:report-autosave", args=[period().pk]), _post_data(0))
    assert "Iemand anders heeft deze rapportage intussen opgeslagen" in autosave.content.decode()


def test_submit_review_and_other_regions_see_nothing(client, plan, people, other_regio_user):
    client.force_login(people["regio"])
    client.post(reverse("monitoring:report-edit", args=[period().pk]), _post_data(0))
    response = client.post(reverse("monitoring:report-submit", args=[period().pk]), follow=True)
    assert "Uw voortgangsrapportage is ingediend (versie 1)" in response.content.decode()
    version = ProgressReport.objects.get().versions.get()
    client.force_login(other_regio_user)
    assert client.get(reverse("monitoring:report-version", args=[version.pk])).status_code == 404
    client.force_login(people["ot"])
    assert "Helmond-De Peel — Vragenlijst januari 2020" in client.get(reverse("monitoring:reports")).content.decode()
    response = client.post(
        reverse("monitoring:report-review", args=[version.pk]), {"outcome": "geaccepteerd", "comment": ""}, follow=True
    )
    assert "De beoordeling is vastgelegd" in response.content.decode()
    assert ProgressReport.objects.get().status == ReportStatus.GEACCEPTEERD


def test_support_team_records_attendance_and_a_conversation(client, plan, people):
    client.force_login(people["ot"])
    meeting = NationalMeeting.objects.get(title="1ste landelijke bijeenkomst PoW")
    url = reverse("monitoring:meeting", args=[meeting.pk])
    region_id = plan.region_id
    response = client.post(url, {f"r{region_id}-status": "aanwezig", f"r{region_id}-attendees": "Wethouder Jansen"})
    assert response.status_code == 302
    assert Attendance.objects.get().attendees == "Wethouder Jansen"
    url = reverse("monitoring:region", args=[region_id])
    response = client.post(url, {"held_on": "", "participants": "Jan", "agreements": "Afspraak"})
    assert response.status_code == 422 and "Jan" in response.content.decode()
    response = client.post(url, {"held_on": "2019-10-15", "participants": "Jan", "agreements": "Meer BBL",
                                 "follow_up": "Plan sturen", "follow_up_due": "2019-11-01"}, follow=True)  # fmt: skip
    assert "Het gesprek is vastgelegd" in response.content.decode()
    assert Conversation.objects.get().follow_ups.get().description == "Plan sturen"
    client.force_login(people["regio"])
    assert "Meer BBL" in client.get(reverse("monitoring:reports")).content.decode()


def test_ministry_evaluates_and_the_payment_follows(client, plan, people):
    attend_all(plan.region, people["ot"])
    filled_report_version(plan, people["regio"])
    client.force_login(people["szw"])
    url = reverse("monitoring:evaluation", args=[plan.pk])
    html = client.get(url).content.decode()
    assert "45" in html and "op tijd" in html  # realised matches and punctuality
    response = client.post(url, {"good_progress": "ja", "evaluated_on": "2020-01-17", "reasons": "Op koers."},
                           follow=True)  # fmt: skip
    assert "De evaluatie is vastgelegd" in response.content.decode()
    assert Evaluation.objects.get().payment == Payment.objects.get(tranche=2020)
    assert "Meicirculaire 2020" in client.get(reverse("monitoring:evaluations")).content.decode()


def test_evaluation_page_query_count_is_flat(client, plan, people, django_assert_max_num_queries):
    client.force_login(people["szw"])
    url = reverse("monitoring:evaluation", args=[plan.pk])
    with django_assert_max_num_queries(20):
        client.get(url)


def test_users_see_their_notifications_and_follow_them_to_the_thing(client, plan, people, other_regio_user):
    version = filled_report_version(plan, people["regio"])
    client.force_login(people["ot"])
    html = client.get(reverse("monitoring:inbox")).content.decode()
    assert "Voortgangsrapportage ingediend: Helmond-De Peel (Vragenlijst januari 2020)" in html
    from pow_portal.models import Notification

    mail = Notification.objects.get(key=f"report-version:{version.pk}:submitted")
    response = client.get(reverse("monitoring:inbox-open", args=[mail.pk]))
    assert response.url == reverse("monitoring:report-version", args=[version.pk])
    client.force_login(other_regio_user)
    assert client.get(reverse("monitoring:inbox-open", args=[mail.pk])).status_code == 404
    assert "Voortgangsrapportage ingediend" not in client.get(reverse("monitoring:inbox")).content.decode()


def test_the_region_reads_its_evaluation_and_letter(client, plan, people, django_capture_on_commit_callbacks):
    from monitoring import services

    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_record(plan=plan, good_progress=False, reasons="Te weinig matches.",
                                   evaluated_on=datetime.date(2020, 1, 17), by=people["szw"])  # fmt: skip
    client.force_login(people["regio"])
    html = client.get(reverse("monitoring:reports")).content.decode()
    assert "Te weinig matches." in html and "Geen tranche 2020" in html
    response = client.get(reverse("monitoring:evaluation-letter", args=[plan.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"%PDF"


def test_a_click_right_after_the_autosave_is_no_conflict(client, plan, people):
    client.force_login(people["regio"])
    client.post(reverse("monitoring:report-autosave", args=[period().pk]), _post_data(0))
    response = client.post(reverse("monitoring:report-edit", args=[period().pk]), _post_data(0))  # same text, stale
    assert response.status_code == 302
    assert ProgressReport.objects.get().version == 1


def test_the_support_team_marks_a_follow_up_done(client, plan, people):
    from monitoring import services

    conversation = services.conversation_record(
        region=plan.region, held_on=datetime.date(2019, 10, 15), participants="Jan", agreements="Afspraak",
        follow_ups=[("Plan sturen", datetime.date(2019, 11, 1))], by=people["ot"],
    )  # fmt: skip
    follow_up = conversation.follow_ups.get()
    client.force_login(people["regio"])
    url = reverse("monitoring:follow-up-complete", args=[follow_up.pk])
    assert client.post(url).status_code == 403
    client.force_login(people["ot"])
    html = client.get(reverse("monitoring:region", args=[plan.region_id])).content.decode()
    assert 'aria-label="Afgerond: Plan sturen"' in html
    client.post(url)
    client.post(url)
    follow_up.refresh_from_db()
    assert follow_up.done_on == datetime.date(2020, 1, 20)
