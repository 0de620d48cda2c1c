"""A plan walks from submission to the confirmed payment on its list in Chromium, each step by its own user,
on today's demo round (as `make run` sets it up)."""

import datetime
import io

import pytest

from plans import services as plan_services
from plans.constants import PlanStatus
from plans.models import Plan
from pow_portal import clock
from pow_portal.models import ProgrammeRound
from review import demo
from review.constants import PaymentStatus
from review.models import Payment
from tests.browser.conftest import wait_until
from tests.factories import UserFactory
from tests.plans.filling import fill_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, login, user):
    page.context.clear_cookies()
    login(user)


def _click(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).first.click()


def test_submission_to_the_confirmed_payment_on_its_list(page, login, axe_check, regio_user):
    demo_round = demo.load(io.StringIO())
    assert demo_round.name.startswith("Demo") and ProgrammeRound.objects.current() == demo_round
    today = clock.today()
    ot = UserFactory(username="ot-walk", ondersteuningsteam=True)
    sg = UserFactory(username="sg-walk", stuurgroep=True)
    szw = UserFactory(username="szw-walk", ministerie=True)
    plan = plan_services.plan_get_or_create(region=regio_user.region, round=ProgrammeRound.objects.current())
    fill_plan(plan, regio_user)
    plan_services.plan_submit(plan=plan, by=regio_user)

    # The support team asks for changes, with a comment on a section.
    _as(page, login, ot)
    page.get_by_role("link", name="Naar de ingediende plannen").click()
    axe_check(page)
    page.get_by_role("link", name="Helmond-De Peel", exact=True).click()
    _click(page, "Beoordeling starten")
    axe_check(page)
    page.locator("#id_section").select_option("overige_afspraken")
    page.locator("#id_text").fill("Noem ook de afspraken over scholing.")
    _click(page, "Plaatsen")
    page.get_by_label("Toelichting voor de regio").fill("Zie de opmerking bij onderdeel 6.")
    _click(page, "Aanvulling vragen")
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.AANVULLING_GEVRAAGD

    # The region sees the comment beside the section, edits and resubmits.
    _as(page, login, regio_user)
    page.goto(f"/plannen/{plan.pk}/onderdeel/overige_afspraken/")
    assert page.get_by_text("Noem ook de afspraken over scholing.").is_visible()
    wait_until(page, "window.tinymce && tinymce.get('id_part_tekst') && tinymce.get('id_part_tekst').initialized")
    page.evaluate("tinymce.get('id_part_tekst').setContent('<p>Afspraken over monitoring en scholing.</p>')")
    _click(page, "Opslaan")
    page.goto(f"/plannen/{plan.pk}/indienen/")
    _click(page, "Definitief indienen")
    assert page.get_by_text("Versie 2 van uw actieplan is ingediend").is_visible()

    # The support team sees the word-level diff, checks completeness and marks the plan complete.
    _as(page, login, ot)
    page.goto(f"/beoordeling/plan/{plan.pk}/")
    page.get_by_role("link", name="Verschil met de vorige versie").click()
    assert page.locator("ins", has_text="scholing.").is_visible()
    assert page.locator("del", has_text="communicatie.").is_visible()
    axe_check(page)
    page.goto(f"/beoordeling/plan/{plan.pk}/")
    _click(page, "Beoordeling starten")
    for _ in range(12):
        form = page.locator("tr[id^=item-]:not(:has(strong)) form").first
        if not form.count():
            break
        form.get_by_label("Akkoord", exact=True).check()
        with page.expect_navigation():
            form.get_by_role("button", name="Vastleggen").click()
    axe_check(page)
    _click(page, "Volledig: naar de stuurgroep")
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.VOLLEDIG

    # The stuurgroep puts it on a meeting's agenda and advises.
    _as(page, login, sg)
    page.get_by_role("link", name="Naar de vergaderingen").click()
    page.locator("#id_date").fill((today + datetime.timedelta(days=7)).isoformat())
    page.get_by_label("Omschrijving").fill("Stuurgroep volgende week")
    _click(page, "Toevoegen")
    page.get_by_label("Volledig plan").select_option(label="Helmond-De Peel")
    _click(page, "Op de agenda")
    page.get_by_label("Positief", exact=True).check()
    page.get_by_label("Motivering").fill("Breed gedragen, concrete ambitie.")
    _click(page, "Advies vastleggen")
    axe_check(page)
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.GEADVISEERD

    # The ministry approves and downloads the decision letter.
    _as(page, login, szw)
    page.get_by_role("link", name="Naar de besluiten").click()
    axe_check(page)
    page.get_by_label("Goedkeuring").check()
    page.get_by_label("Datum besluit").fill(today.isoformat())
    page.get_by_label("Kenmerk").fill("2019-0000123456")
    _click(page, "Besluit vastleggen")
    assert page.get_by_text("Besluit (goedkeuring) vastgelegd voor Helmond-De Peel.").is_visible()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="besluitbrief").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.GOEDGEKEURD

    # The tranche reserved at the advice is confirmed on the early window's list, which the letter names.
    payment = Payment.objects.get(region=regio_user.region)
    assert payment.status == PaymentStatus.BEVESTIGD
    page.get_by_role("link", name="Betaallijsten").first.click()
    axe_check(page)
    page.get_by_role("link", name=payment.circulaire.name).click()
    confirmed = page.locator("table", has_text="Bevestigd:")
    assert confirmed.get_by_role("rowheader", name="Helmond-De Peel").is_visible()
    assert "Besluit 2019-0000123456" in confirmed.inner_text()
    axe_check(page)
