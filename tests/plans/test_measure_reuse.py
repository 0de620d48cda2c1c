"""The A4 measure is done once per text: unchanged text is not saved again, stored and cached measures are reused."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from plans import page_limits, services, tasks
from plans.constants import PlanStatus
from plans.models import PlanSection
from plans.snapshot import plan_snapshot
from pow_portal import pdf
from pow_portal.models import AuditEvent
from review import services as review_services

from .filling import PARAGRAPH, fill_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def layouts(monkeypatch):
    """Counts the real layouts WeasyPrint makes for a measure."""
    calls = []
    real = pdf.measure_pages

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "measure_pages", counting)
    cache.clear()
    return calls


def test_an_unchanged_text_is_not_written_versioned_or_audited(plan, section, regio_user, layouts):
    row = section("analyse")
    first = services.section_update(section=row, parts={"tekst": PARAGRAPH}, expected_version=0, by=regio_user)
    assert first.changed and first.section.version == 1
    again = services.section_update(section=row, parts={"tekst": PARAGRAPH}, expected_version=1, by=regio_user)
    assert not again.changed
    assert again.pages == first.pages
    row.refresh_from_db()
    assert row.version == 1
    assert AuditEvent.objects.filter(action="section.update", object_id=str(row.pk)).count() == 1
    assert len(layouts) == 1


def test_the_stored_measure_carries_its_hash(plan, section, regio_user, layouts):
    services.section_update(section=section("analyse"), parts={"tekst": PARAGRAPH * 4}, expected_version=0,
                            by=regio_user)  # fmt: skip
    row = PlanSection.objects.get(plan=plan, section="analyse")
    html = page_limits.render_section_html(plan_snapshot(plan), "analyse")
    assert row.pages_hash == page_limits.content_hash(html)
    assert row.pages_hash.startswith(page_limits.layout_version() + ":")
    assert row.pages == page_limits.measure_html(html)


def test_the_gauge_cache_is_the_django_cache_keyed_on_layout_and_content(plan, section, regio_user, layouts):
    html = page_limits.render_section_html(plan_snapshot(plan), "analyse")
    measured = page_limits.measure_html(html)
    assert cache.get(f"a4:{page_limits.content_hash(html)}") == str(measured)
    assert page_limits.measure_html(html) == measured
    assert len(layouts) == 1  # the second came from the cache


def test_a_stale_stored_hash_is_measured_again(plan, section, regio_user, layouts):
    snapshot = plan_snapshot(plan)
    snapshot["sections"]["analyse"].update(pages="9.99", pages_hash="not-the-hash")
    assert page_limits.measure_section(snapshot, "analyse") < Decimal(1)


def test_submission_and_review_start_reuse_the_stored_measures(plan, regio_user, users_by_role, open_round, layouts):
    fill_plan(plan, regio_user)
    measured_while_drafting = len(layouts)
    cache.clear()  # the stored measures alone must do
    version = services.plan_submit(plan=plan, by=regio_user)
    assert len(layouts) == measured_while_drafting
    plan.refresh_from_db()
    assert plan.status == PlanStatus.INGEDIEND
    assert all(version.content["sections"][key]["pages_hash"] for key in page_limits.section_limits(plan.round))
    review_services.review_start(plan=plan, by=users_by_role["ondersteuningsteam"])
    assert len(layouts) == measured_while_drafting


def test_a_text_saved_while_measuring_makes_a_conflict_not_a_wrong_gauge(plan, section, regio_user, monkeypatch):
    row = section("analyse")
    real = pdf.measure_pages

    def colleague_saves_meanwhile(html):
        PlanSection.objects.filter(pk=row.pk).update(version=1, parts={"tekst": "<p>collega</p>"})
        return real(html)

    monkeypatch.setattr(pdf, "measure_pages", colleague_saves_meanwhile)
    cache.clear()
    with pytest.raises(services.SectionConflict):
        services.section_update(section=row, parts={"tekst": PARAGRAPH}, expected_version=0, by=regio_user)
    row.refresh_from_db()
    assert row.parts == {"tekst": "<p>collega</p>"}


@pytest.fixture
def autosave(client, django_capture_on_commit_callbacks, settings):
    settings.POW_GAUGE_IN_WORKER = True
    cache.clear()  # no measure flag of an earlier test's section with the same id

    def _autosave(plan, key, version, text, preview=""):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("plans:section-autosave", args=[plan.pk, key]),
                {"expected_version": version, "part_tekst": text, "preview_pages": preview},
            )

    return _autosave


def test_autosave_saves_at_once_and_the_gauge_follows_for_that_very_text(
    client, plan, section, regio_user, monkeypatch, autosave
):
    queued = []
    monkeypatch.setattr(services, "_queue_measure", lambda section_id, version: queued.append((section_id, version)))
    client.force_login(regio_user)
    row = section("analyse")
    response = autosave(plan, "analyse", 0, PARAGRAPH * 30)
    assert response.status_code == 200 and response["X-Section-Version"] == "1"
    html = response.content.decode()
    assert 'data-gauge-pending="1"' in html and reverse("plans:section-gauge", args=[plan.pk, "analyse"]) in html
    row.refresh_from_db()
    assert row.parts["tekst"] == PARAGRAPH * 30 and row.pages_hash == "" and queued == [(row.pk, 1)]
    # The user types on before the worker measured version 1: that measure is skipped, version 2's is kept.
    autosave(plan, "analyse", 1, PARAGRAPH * 2)
    assert not services.section_measure(section_id=row.pk, version=1)
    assert services.section_measure(section_id=row.pk, version=2)
    row.refresh_from_db()
    assert row.pages == page_limits.measure_section(plan_snapshot(plan), "analyse") < 1
    polled = client.get(reverse("plans:section-gauge", args=[plan.pk, "analyse"])).content.decode()
    assert "data-gauge-pending" not in polled and "hx-get" not in polled
    assert not services.section_measure(section_id=row.pk, version=2)  # idempotent


def test_a_measure_that_never_comes_is_queued_again_by_the_poll_and_made_by_the_beat_job(
    client, plan, section, regio_user, monkeypatch, autosave, layouts, settings
):
    queued = []
    monkeypatch.setattr(services, "_queue_measure", lambda section_id, version: queued.append(version))  # lost
    client.force_login(regio_user)
    row = section("analyse")
    autosave(plan, "analyse", 0, PARAGRAPH)
    url = reverse("plans:section-gauge", args=[plan.pk, "analyse"])
    assert "data-gauge-pending" in client.get(url).content.decode()  # just saved: the worker may still come
    assert queued == [1]
    PlanSection.objects.filter(pk=row.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=1))
    # The poll never lays the text out itself, however long the measure takes: it queues it again, once.
    assert "data-gauge-pending" in client.get(url).content.decode()
    assert "data-gauge-pending" in client.get(url).content.decode()
    assert queued == [1, 1] and layouts == []
    autosave(plan, "analyse", 1, PARAGRAPH * 2)
    PlanSection.objects.filter(pk=row.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=2))
    assert tasks.sections_measure_pending() == 1
    row.refresh_from_db()
    assert row.pages_hash.startswith(page_limits.layout_version())
    assert "data-gauge-pending" not in client.get(url).content.decode()


def test_saves_queued_behind_one_another_are_measured_once_for_the_newest_text(
    client, plan, section, regio_user, monkeypatch, autosave, layouts
):
    queued = []
    monkeypatch.setattr(services, "_queue_measure", lambda section_id, version: queued.append(version))
    client.force_login(regio_user)
    row = section("analyse")
    for version in range(3):
        autosave(plan, "analyse", version, PARAGRAPH * (version + 1))
    assert queued == [1]  # the later saves joined the queued measure
    assert tasks.section_measure(row.pk, 1)
    row.refresh_from_db()
    assert row.version == 3 and row.pages_hash and len(layouts) == 1
    assert not tasks.section_measure(row.pk, 1)  # measured already: a redelivered task does nothing


def test_the_gauge_polls_soon_and_then_less_often(client, plan, section, regio_user, monkeypatch, autosave):
    monkeypatch.setattr(services, "_queue_measure", lambda section_id, version: None)
    client.force_login(regio_user)
    section("analyse")
    first = autosave(plan, "analyse", 0, PARAGRAPH).content.decode()
    assert 'data-hx-trigger="load delay:300ms"' in first
    url = reverse("plans:section-gauge", args=[plan.pk, "analyse"])
    delays = []
    for poll in range(1, 16):
        html = client.get(url, {"poll": poll}).content.decode()
        delays.append(int(html.split("load delay:")[1].split("ms")[0]))
    assert delays == sorted(delays) and delays[0] > 300 and delays[-1] == 3000
    assert client.get(url, {"poll": "x"}).status_code == 200  # a forged counter is the first poll


def test_a_preview_that_differs_from_the_measure_is_logged_with_the_hash(
    client, plan, section, regio_user, autosave, caplog
):
    client.force_login(regio_user)
    row = section("analyse")
    with caplog.at_level("WARNING", logger="plans.services"):
        autosave(plan, "analyse", 0, PARAGRAPH, preview="3.10")
    row.refresh_from_db()
    assert f"hash {row.pages_hash} preview 3.10 measured {row.pages}" in caplog.text
    exact = row.pages
    caplog.clear()
    with caplog.at_level("WARNING", logger="plans.services"):
        autosave(plan, "analyse", 1, PARAGRAPH * 2)  # no preview (no script): nothing to compare
        autosave(plan, "analyse", 2, PARAGRAPH, preview=str(exact + Decimal("0.01")))  # agrees within 2 %
    assert "differ" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_in_process_tasks_answer_the_autosave_with_the_measured_gauge(client, plan, regio_user, settings):
    """Without a transaction around the test, on-commit work runs when the save commits, as in production."""
    settings.POW_GAUGE_IN_WORKER = True
    client.force_login(regio_user)
    url = reverse("plans:section-autosave", args=[plan.pk, "analyse"])
    html = client.post(url, {"expected_version": 0, "part_tekst": PARAGRAPH}).content.decode()
    assert "data-gauge-pending" not in html and "A4" in html
