"""A permanent failure (the letter template is gone) is tried a capped number of times with growing waits, then
shown as failed with its reason on "Wacht op verwerking", where "Opnieuw proberen" works once the cause is fixed."""

import datetime

import pytest
from django.urls import reverse

from pow_portal import jobs
from pow_portal.models import AuditEvent, Job, JobState
from review import services
from review.models import Decision, LetterTemplate

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_deleted_letter_template_stops_after_the_cap_and_is_retried_from_the_pending_page(
    client, advised, people, calendar, settings
):
    settings.POW_JOB_MAX_ATTEMPTS = 3
    settings.POW_JOB_BACKOFF = 60
    template = LetterTemplate.objects.get(kind="goedkeuring")
    saved = {"subject": template.subject, "body": template.body}
    template.delete()
    services.decision_record(
        plan=advised, kind="goedkeuring", decided_on=datetime.date(2019, 5, 23), reference="2019-0042", by=people["szw"]
    )
    decision = Decision.objects.get(plan=advised)
    job = Job.objects.get(key=f"decision:{decision.pk}:letter")
    assert job.state == JobState.WAITING and job.attempts == 1 and "DoesNotExist" in job.last_error

    offered = []
    for _ in range(10):  # a long weekend of beat ticks: the waits grow, the attempts stop at the cap
        calendar.shift(datetime.timedelta(hours=1))
        offered.append(jobs.jobs_tick())
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 3 and sum(offered) == 2
    assert not Decision.objects.get(pk=decision.pk).letter

    client.force_login(people["szw"])
    page = client.get(reverse("review:pending")).content.decode()
    assert "Besluitbrief" in page and "LetterTemplate matching query does not exist" in page
    assert reverse("job-retry", args=[job.pk]) in page and "3 / 3" in page

    LetterTemplate.objects.create(kind="goedkeuring", **saved)  # the beheerder puts the template back
    response = client.post(reverse("job-retry", args=[job.pk]), {"next": reverse("review:pending")}, follow=True)
    assert "opnieuw geprobeerd" in response.content.decode()
    job.refresh_from_db()
    assert job.state == JobState.DONE and Decision.objects.get(pk=decision.pk).letter
    assert AuditEvent.objects.filter(action="job_retry", object_id=str(job.pk)).count() == 1
