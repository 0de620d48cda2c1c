"""Keyboard only: a region drafts a section, submits its plan, and the ministry approves it, without a mouse.

Every step moves focus with Tab (and arrow keys in a radio group), types with the keyboard and acts with
Enter or Space; nothing is clicked or filled by script. Only the support team's and the stuurgroep's
steps in between are made through the services (their pages have their own browser tests).
"""

import pytest

from plans.models import Plan
from pow_portal import clock, second_factor
from review import services as review_services
from review.models import Decision
from tests.browser.conftest import wait_until
from tests.factories import PASSWORD, UserFactory
from tests.otp import current_code, totp_device
from tests.plans.filling import fill_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Afspraken over monitoring, communicatie en de landelijke bijeenkomsten, met het toetsenbord getypt."


def tab_to(page, what: str, test: str, *, limit: int = 150, shift: bool = False):
    """Press Tab until the focused element passes ``test`` (JavaScript on ``el``); fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!(el && ({test})); }}"):
            return
    raise AssertionError(f"{what} cannot be reached with the Tab key")


def button(text):
    return f"(el.tagName === 'BUTTON' || el.tagName === 'A') && el.textContent.trim() === {text!r}"


def keyboard_login(page, user, *, second_step=True):
    """Log in by keyboard; with ``second_step=False`` stop on the code page (e.g. to use a passkey there)."""
    device = totp_device(user) if second_step and second_factor.needed(user) else None
    page.goto("/inloggen/")
    # The username field has autofocus; still, find it with Tab from the top of the page.
    tab_to(page, "the username field", "el.id === 'id_username'")
    page.keyboard.type(user.username)
    tab_to(page, "the password field", "el.id === 'id_password'")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if device is not None:
        # Step two: the code the authenticator app shows now, typed into the code field.
        tab_to(page, "the code field", "el.id === 'id_token'")
        page.keyboard.type(current_code(device))
        with page.expect_navigation():
            page.keyboard.press("Enter")


def test_draft_submit_and_approve_with_the_keyboard_only(page, open_round, regio_user):
    from plans import services as plan_services

    plan = plan_services.plan_get_or_create(region=regio_user.region, round=open_round)
    fill_plan(plan, regio_user)

    # 1. The region drafts a section: into the rich-text editor, type, save.
    keyboard_login(page, regio_user)
    page.goto(f"/plannen/{plan.pk}/onderdeel/overige_afspraken/")
    wait_until(page, "window.tinymce && tinymce.activeEditor && tinymce.activeEditor.initialized")
    tab_to(page, "the text editor", "el.tagName === 'IFRAME' && el.id.startsWith('id_part_tekst')")
    page.keyboard.press("Control+A")
    page.keyboard.type(TEXT)
    tab_to(page, "the save button", button("Opslaan"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Opgeslagen.", exact=True).is_visible()
    assert TEXT in plan.sections.get(section="overige_afspraken").parts["tekst"]

    # 2. The region submits: from the plan page to the confirmation and on.
    page.goto(f"/plannen/{plan.pk}/")
    tab_to(page, "the submit link", button("Plan indienen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "the final submit button", button("Definitief indienen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    plan.refresh_from_db()
    assert plan.status == "ingediend"

    # The support team and the stuurgroep do their part.
    ot = UserFactory(username="kb-ot", ondersteuningsteam=True)
    sg = UserFactory(username="kb-sg", stuurgroep=True)
    check = review_services.review_start(plan=plan, by=ot)
    for item in check.items.all():
        review_services.check_item_decide(item=item, confirmed=True, note="Akkoord", by=ot)
    review_services.review_mark_complete(plan=plan, by=ot)
    meeting = review_services.meeting_create(date=clock.today(), title="Stuurgroep", by=sg)
    review_services.agenda_add(meeting=meeting, plan=plan, by=sg)
    review_services.advice_record(plan=plan, kind="positief", reasons="Breed gedragen plan.", by=sg)

    # 3. The ministry approves: choose the decision, type the date and reference, record it.
    page.context.clear_cookies()
    szw = UserFactory(username="kb-szw", ministerie=True)
    keyboard_login(page, szw)
    page.goto("/beoordeling/besluiten/")
    prefix = f"id_{plan.pk}-kind"
    tab_to(page, "the decision choice", f"el.type === 'radio' && el.id.startsWith({prefix!r})")
    for _ in range(4):  # arrow keys move within the radio group until "goedkeuring" is checked
        if page.evaluate("() => document.activeElement.value") == "goedkeuring":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.value") == "goedkeuring"
    tab_to(page, "the decision date", f"el.id === 'id_{plan.pk}-decided_on'")
    day = clock.today()  # a decision cannot be dated in the future
    page.keyboard.type(day.strftime("%d%m%Y"))
    if page.evaluate("() => document.activeElement.value") != day.isoformat():
        # The browser shows month/day/year: back to the first part of the date and type it that way round.
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.type(day.strftime("%m%d"))
    assert page.evaluate("() => document.activeElement.value") == day.isoformat()
    tab_to(page, "the reference", f"el.id === 'id_{plan.pk}-reference'")
    page.keyboard.type("2019-0000123456")
    tab_to(page, "the record button", button("Besluit vastleggen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    decision = Decision.objects.get(plan=plan)
    assert (decision.kind, decision.decided_on, decision.reference) == (
        "goedkeuring",
        day,
        "2019-0000123456",
    )
    assert Plan.objects.get(pk=plan.pk).status == "goedgekeurd"
