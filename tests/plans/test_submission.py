import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.constants import PlanStatus
from plans.models import Plan, PlanStatusChange, PlanVersion
from pow_portal.models import AuditEvent

from .filling import PARAGRAPH, fill_plan

pytestmark = pytest.mark.django_db


def test_an_empty_plan_lists_everything_missing(plan):
    missing, _snapshot = services.plan_missing(plan)
    sections = {item.section for item in missing}
    assert sections == {
        "analyse", "ambitie", "aanpak", "betrokkenen", "instrumenten", "overige_afspraken",
        "ondertekening", "contactpersoon", "samenwerkingsovereenkomst",
    }  # fmt: skip


def test_a_filled_plan_has_an_empty_checklist(plan, regio_user):
    fill_plan(plan, regio_user)
    missing, _snapshot = services.plan_missing(plan, remeasure=True)
    assert missing == []


def test_submission_makes_an_immutable_version_renders_the_pdf_once_and_mails(
    plan, regio_user, open_round, make_user, django_capture_on_commit_callbacks
):
    make_user(username="ot1", ondersteuningsteam=True)
    fill_plan(plan, regio_user)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.plan_submit(plan=plan, by=regio_user)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.INGEDIEND
    assert version.number == 1
    assert version.content["sections"]["ambitie"]["data"]["matches_total"] == 400
    assert len(version.content["files"]["infrastructuur"]["sha256"]) == 64
    version.refresh_from_db()
    assert version.pdf and version.pdf.read(5) == b"%PDF-"
    assert len(version.pdf_sha256) == 64
    assert PlanStatusChange.objects.get(plan=plan).from_status == PlanStatus.CONCEPT
    assert AuditEvent.objects.filter(action="plan.ingediend").exists()
    assert [m.subject for m in mail.outbox] == ["Actieplan ingediend: Helmond-De Peel (versie 1)"]
    # Idempotent: rendering again does nothing.
    from plans.rendering import version_render_pdf

    assert version_render_pdf(version_id=version.pk) is False


def test_a_double_click_submits_once(client, plan, regio_user, open_round):
    fill_plan(plan, regio_user)
    client.force_login(regio_user)
    url = reverse("plans:submit", args=[plan.pk])
    client.post(url, {"expected_status": "concept"})
    response = client.post(url, {"expected_status": "concept"}, follow=True)
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    assert "intussen door iemand anders gewijzigd" in response.content.decode()


def test_incomplete_plan_is_refused_and_nothing_changes(plan, regio_user, open_round):
    with pytest.raises(ValidationError) as error:
        services.plan_submit(plan=plan, by=regio_user)
    assert error.value.code == "incomplete"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONCEPT
    assert not PlanVersion.objects.exists()


def test_over_limit_text_is_saved_but_blocks_submission(plan, regio_user, open_round):
    fill_plan(plan, regio_user)
    row = plan.sections.get(section="ambitie")
    saved = services.section_update(
        section=row, parts={"verbetering": PARAGRAPH * 20}, expected_version=row.version, by=regio_user
    )
    assert saved.over_limit
    assert plan.sections.get(section="ambitie").parts["verbetering"].count("<p>") == 20
    missing, _snapshot = services.plan_missing(plan)
    assert [m.section for m in missing] == ["ambitie"]
    assert "het maximum is 1 A4" in missing[0].message and missing[0].code == "page_limit"
    with pytest.raises(ValidationError) as error:
        services.plan_submit(plan=plan, by=regio_user)
    assert error.value.code == "incomplete"


def test_the_round_closes_after_15_july_unless_extended(plan, regio_user, monkeypatch):
    fill_plan(plan, regio_user)
    monkeypatch.setattr("pow_portal.clock.today", lambda: datetime.date(2019, 7, 16))
    with pytest.raises(ValidationError) as error:
        services.plan_submit(plan=plan, by=regio_user)
    assert error.value.code == "round_closed"
    plan.round.submission_extended_until = datetime.date(2019, 8, 1)
    plan.round.save()
    services.plan_submit(plan=Plan.objects.get(pk=plan.pk), by=regio_user)


def test_a_submitted_version_is_immutable(plan, regio_user, open_round):
    fill_plan(plan, regio_user)
    version = services.plan_submit(plan=plan, by=regio_user)
    version.content["sections"]["analyse"]["parts"]["tekst"] = "<p>achteraf gewijzigd</p>"
    with pytest.raises(ValueError, match="immutable"):
        version.save()
    with pytest.raises(ValueError, match="immutable"):
        version.save(update_fields=["content"])


def test_the_region_withdraws_with_a_reason_and_nothing_moves_after(client, plan, regio_user, other_regio_user):
    client.force_login(other_regio_user)
    assert client.post(reverse("plans:withdraw", args=[plan.pk]), {"reason": "x"}).status_code == 404
    client.force_login(regio_user)
    response = client.post(reverse("plans:withdraw", args=[plan.pk]), {"reason": " "}, follow=True)
    assert "Geef de reden waarom u het plan intrekt." in response.content.decode()
    client.post(
        reverse("plans:withdraw", args=[plan.pk]), {"reason": "Regio doet niet mee", "expected_status": "concept"}
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.INGETROKKEN
    assert PlanStatusChange.objects.get(plan=plan).note == "Regio doet niet mee"
    with pytest.raises(ValidationError) as error:
        services.plan_submit(plan=plan, by=regio_user)
    assert error.value.code == "illegal_move"
