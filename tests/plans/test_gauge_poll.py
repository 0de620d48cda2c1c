"""The gauge's polls while a measure is pending are answered without session, user or database; every other
poll (measured, superseded, another session, an old or forged token, no cache mark) gets the full view."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans import gauge, services

from .filling import PARAGRAPH

pytestmark = pytest.mark.django_db

NEXT_POLL = re.compile(r'data-hx-get="(?P<url>[^"]+)" data-hx-trigger="load delay:(?P<delay>\d+)ms"')


@pytest.fixture
def busy_worker(settings, monkeypatch):
    """The measure workers are busy: a queued measure waits (the test runs it when it says so)."""
    settings.POW_GAUGE_IN_WORKER = True
    cache.clear()
    queued = []
    monkeypatch.setattr(services, "_queue_measure", lambda section_id, version: queued.append((section_id, version)))
    return queued


@pytest.fixture
def saved(client, plan, regio_user, busy_worker, django_capture_on_commit_callbacks):
    """Autosave a text; returns the answer's next poll URL (the page's own htmx poll)."""
    client.force_login(regio_user)

    def _save(version=0, text=PARAGRAPH):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("plans:section-autosave", args=[plan.pk, "analyse"]),
                {"expected_version": version, "part_tekst": text},
            )
        assert response.status_code == 200
        return next_poll(response.content.decode())

    return _save


def next_poll(html):
    match = NEXT_POLL.search(html)
    assert match, html
    return match["url"].replace("&amp;", "&"), int(match["delay"])


def test_a_pending_poll_is_answered_without_the_database(client, plan, section, saved, django_assert_num_queries):
    url, delay = saved()
    assert delay == 300 and "&t=" in url
    with django_assert_num_queries(0):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-gauge-pending="1"' in html and "wordt gemeten" in html
    assert response["Content-Language"] == "nl" and "no-store" in response["Cache-Control"]
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"
    following, delay = next_poll(html)
    assert delay == int(gauge.POLL_FIRST_MS * gauge.POLL_GROWTH) and "poll=2" in following
    assert following.split("&t=")[1] == url.split("&t=")[1]  # the same token: its age is the save's
    # The figure is the stored (previous) measure with the round's limit, as the full view shows it.
    row = section("analyse")
    assert gauge.gauge_for(None, row, 2).shown in html


def test_the_measure_stored_sends_the_poll_to_the_full_view(client, plan, section, saved, busy_worker):
    url, _delay = saved()
    services.section_measure(section_id=section("analyse").pk)  # the worker's turn
    html = client.get(url).content.decode()
    assert "data-gauge-pending" not in html and "gemeten:" in html


def test_a_newer_save_supersedes_the_older_polls(client, plan, saved, django_assert_max_num_queries):
    old, _delay = saved(0)
    new, _delay = saved(1, PARAGRAPH * 2)
    with django_assert_max_num_queries(30) as queries:
        html = client.get(old).content.decode()
    assert len(queries) > 0  # the full view: the mark is for version 2 now
    assert 'data-gauge-pending="2"' in html
    with django_assert_max_num_queries(0):
        client.get(new)


def test_another_session_or_region_gets_the_full_view(client, plan, saved, regio_user, other_regio_user):
    url, _delay = saved()
    other = Client()
    other.force_login(other_regio_user)
    assert other.get(url).status_code == 404  # another region's plan: the full view refuses, as for any URL
    same_user_elsewhere = Client()
    same_user_elsewhere.force_login(regio_user)
    html = same_user_elsewhere.get(url).content.decode()
    assert "data-gauge-pending" in html
    assert next_poll(html)[0].split("&t=")[1] != url.split("&t=")[1]  # a token of that session
    anonymous = Client()
    anonymous.cookies["sessionid"] = "forged-session-key"
    assert anonymous.get(url).status_code == 401


def test_logging_out_ends_the_quick_answers(client, plan, saved):
    url, _delay = saved()
    client.post(reverse("logout"))
    assert client.get(url).status_code == 401


def test_a_forged_or_old_token_gets_the_full_view(client, plan, saved, busy_worker, time_machine,
                                                  django_assert_max_num_queries, caplog):  # fmt: skip
    time_machine.move_to(timezone.now(), tick=False)
    url, _delay = saved()
    forged = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    with django_assert_max_num_queries(30) as queries, caplog.at_level("INFO", logger="plans.gauge"):
        assert "data-gauge-pending" in client.get(forged).content.decode()
    assert len(queries) > 0
    assert "forged token" in caplog.text
    busy_worker.clear()
    time_machine.shift(datetime.timedelta(seconds=21))
    with django_assert_max_num_queries(30) as queries:
        html = client.get(url).content.decode()
    assert len(queries) > 0 and "data-gauge-pending" in html
    assert len(busy_worker) == 1  # the full view queued the missing measure again


def test_without_the_cache_mark_the_full_view_answers(client, plan, saved, django_assert_max_num_queries):
    url, _delay = saved()
    cache.clear()  # a restarted Redis
    with django_assert_max_num_queries(30) as queries:
        html = client.get(url).content.decode()
    assert len(queries) > 0 and "data-gauge-pending" in html


def test_the_quick_answer_speaks_the_chosen_language(client, plan, saved, settings):
    url, _delay = saved()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response["Content-Language"] == "en"
    assert "wordt gemeten" not in response.content.decode()
