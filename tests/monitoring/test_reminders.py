"""Reminders: 14, 3 and 1 days before deadlines, to those who have not submitted, each exactly once."""

import datetime

import pytest

from monitoring.reminders import reminders_send, threshold_for
from monitoring.tasks import reminders_send as reminders_task
from pow_portal.models import Notification

from .conftest import filled_report_version, period

pytestmark = pytest.mark.django_db
AMSTERDAM = datetime.timezone(datetime.timedelta(hours=1))


def at(day):
    return datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("days_left", "expected"), [(15, None), (14, 14), (4, 14), (3, 3), (2, 3), (1, 1), (0, None), (-1, None)]
)
def test_the_reminder_windows(days_left, expected):
    assert threshold_for(days_left) == expected


def test_report_reminders_with_time_travel_once_each_however_often_the_job_runs(plan, people, time_machine):
    due = period().due_on  # 31 January 2020
    sent = []
    for day in range(20, 0, -1):  # from 20 days before to the day before, the job runs three times a day
        time_machine.move_to(at(due - datetime.timedelta(days=day)))
        for _ in range(3):
            reminders_task.delay()
        sent = list(Notification.objects.filter(key__startswith="reminder:report:").order_by("created_at"))
    assert [n.key.rsplit(":", 1)[1] for n in sent] == ["14", "3", "1"]
    assert all(n.to == ["m-regio@example.nl"] for n in sent)
    assert sent[0].subject == "Herinnering: voortgangsrapportage Vragenlijst januari 2020 uiterlijk 31-01-2020"
    assert "over 14 dagen" in sent[0].body and "morgen" in sent[2].body
    time_machine.move_to(at(due + datetime.timedelta(days=1)))
    reminders_send()
    reminders_send()
    assert Notification.objects.filter(key__startswith="report-late:").count() == 1


def test_no_reminder_once_the_report_is_in(plan, people, time_machine):
    time_machine.move_to(at(datetime.date(2020, 1, 17)))  # 14 days before
    filled_report_version(plan, people["regio"])
    reminders_send()
    assert not Notification.objects.filter(key__contains=f":{period().pk}:{plan.pk}:").exists()


def test_a_job_that_missed_days_sends_the_window_it_is_in(plan, people, time_machine):
    time_machine.move_to(at(datetime.date(2020, 1, 21)))  # 10 days before: the 14-day reminder, late
    reminders_send()
    time_machine.move_to(at(datetime.date(2020, 1, 30)))  # 1 day before; the 3-day run was missed
    reminders_send()
    keys = sorted(n.key.rsplit(":", 1)[1] for n in Notification.objects.filter(key__startswith="reminder:report:"))
    assert keys == ["1", "14"]


def test_plan_submission_reminders_go_to_regions_without_a_submitted_plan(people, regio_user, time_machine):
    time_machine.move_to(at(datetime.date(2019, 7, 12)))  # 3 days before 15 July
    reminders_send()
    reminders_send()
    reminders = Notification.objects.filter(key__startswith="reminder:plan:")
    assert reminders.count() == 1  # only Helmond-De Peel has users; it has not submitted
    assert reminders.get().to == ["m-regio@example.nl", "regio-helmond@example.nl"]
    assert reminders.get().subject == "Herinnering: actieplan indienen uiterlijk 15-07-2019"
    assert "De uiterste indiendatum voor de decembercirculaire is over 3 dagen" in reminders.get().body
