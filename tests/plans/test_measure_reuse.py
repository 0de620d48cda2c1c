"""The A4 measure is done once per text: unchanged text is not saved again, stored and cached measures are reused."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from plans import page_limits, services
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
