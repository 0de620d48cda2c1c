import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from plans import services as plan_services
from plans.constants import PlanStatus
from plans.workflow import ERROR_ADVICE_FIRST
from pow_portal.models import Job
from review import payments, services
from review.constants import CheckItemKey, PaymentStatus
from review.letters import letter_text, salutation
from review.models import Circulaire, Decision, Payment
from tests.conftest import on

from .conftest import decide_all

pytestmark = pytest.mark.django_db


def test_review_start_prefills_every_framework_item_with_a_reason(submitted, people):
    check = services.review_start(plan=submitted, by=people["ot"])
    items = {item.key: item for item in check.items.all()}
    assert set(items) == set(CheckItemKey.values)
    assert items[CheckItemKey.AMBITION_QUANTITATIVE].prefilled is True
    assert "400" in items[CheckItemKey.AMBITION_QUANTITATIVE].prefill_reason
    assert items[CheckItemKey.PAGE_LIMITS].prefilled is True
    assert items[CheckItemKey.GRAPHIC].prefilled is True


def test_overriding_a_proposal_needs_a_note(submitted, people):
    check = services.review_start(plan=submitted, by=people["ot"])
    item = check.items.get(key=CheckItemKey.GRAPHIC)
    with pytest.raises(ValidationError) as error:
        services.check_item_decide(item=item, confirmed=False, note="", by=people["ot"])
    assert error.value.code == "note_required"
    services.check_item_decide(item=item, confirmed=False, note="Afbeelding onleesbaar", by=people["ot"])


def test_complete_needs_every_item_decided_and_agreed(submitted, people):
    check = services.review_start(plan=submitted, by=people["ot"])
    with pytest.raises(ValidationError) as error:
        services.review_mark_complete(plan=submitted, by=people["ot"])
    assert error.value.code == "check_open"
    decide_all(check, people["ot"])
    services.review_mark_complete(plan=submitted, by=people["ot"])
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.VOLLEDIG


def test_change_request_resubmission_makes_a_new_version_with_a_new_check(
    submitted, people, regio_user, django_capture_on_commit_callbacks
):
    services.review_start(plan=submitted, by=people["ot"])
    services.comment_add(plan=submitted, section="analyse", text="Noem de sectoren.", by=people["ot"])
    with django_capture_on_commit_callbacks(execute=True):
        services.review_request_changes(plan=submitted, by=people["ot"], note="Zie opmerkingen")
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.AANVULLING_GEVRAAGD
    assert any("Aanvulling gevraagd" in m.subject for m in mail.outbox)
    row = submitted.sections.get(section="analyse")
    plan_services.section_update(section=row, parts={"tekst": "<p>Zorg en techniek.</p>"},
                                 expected_version=row.version, by=regio_user)  # fmt: skip
    version = plan_services.plan_submit(plan=submitted, by=regio_user)
    assert version.number == 2
    submitted.refresh_from_db()
    check = services.review_start(plan=submitted, by=people["ot"])
    assert check.version == version


def test_reviewers_cannot_change_a_regions_text(submitted, people):
    row = submitted.sections.get(section="analyse")
    with pytest.raises(PermissionDenied):
        plan_services.section_update(section=row, parts={"tekst": "x"}, expected_version=row.version, by=people["ot"])


def test_approve_without_advice_is_refused_with_the_reason(submitted, people):
    with pytest.raises(ValidationError) as error:
        services.decision_record(plan=submitted, kind="goedkeuring", decided_on=datetime.date(2019, 6, 1),
                                 reference="2019-1", by=people["szw"])  # fmt: skip
    assert error.value.code == "not_yet"
    assert error.value.messages == [str(ERROR_ADVICE_FIRST)]
    assert not Decision.objects.exists()


def test_approval_confirms_the_payment_in_its_transaction_sets_the_term_and_writes_the_letter(
    advised, people, calendar, django_capture_on_commit_callbacks
):
    reserved = Payment.objects.get(region=advised.region)
    assert reserved.status == PaymentStatus.GERESERVEERD
    calendar.move_to(on(datetime.date(2019, 6, 3)))
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_record(plan=advised, kind="goedkeuring", decided_on=datetime.date(2019, 6, 3),
                                            reference="2019-0000123", by=people["szw"])  # fmt: skip
    assert decision.term_ends_on == datetime.date(2021, 6, 3)
    payment = Payment.objects.get(region=advised.region)
    assert (payment.pk, payment.status, payment.decision) == (reserved.pk, PaymentStatus.BEVESTIGD, decision)
    decision.refresh_from_db()
    assert decision.letter and decision.letter.read(5) == b"%PDF-"
    assert Job.objects.get(key=f"decision:{decision.pk}:letter").is_done
    # A second decision (double click, second tab) is refused and changes nothing.
    with pytest.raises(ValidationError) as error, django_capture_on_commit_callbacks(execute=True):
        services.decision_record(plan=advised, kind="goedkeuring", decided_on=datetime.date(2019, 6, 3),
                                 reference="2019-0000123", by=people["szw"])  # fmt: skip
    assert error.value.code == "stale"
    assert (Decision.objects.count(), Payment.objects.count()) == (1, 1)


def test_the_letter_names_wethouder_region_submission_cosigner_amount_and_circulaire(advised, people, calendar):
    calendar.move_to(on(datetime.date(2019, 6, 3)))
    decision = services.decision_record(plan=advised, kind="goedkeuring", decided_on=datetime.date(2019, 6, 3),
                                        reference="2019-7", by=people["szw"])  # fmt: skip
    subject, body = letter_text(decision)
    assert subject == "Goedkeuring regionaal actieplan Perspectief op Werk"
    assert body.startswith("Geachte heer Wethouder,")  # seed 004: "Geachte heer Van Bree,"
    assert "arbeidsmarktregio Helmond-De Peel" in body
    assert "1 april 2019" in body  # the version's real submission date
    assert "B. Voorzitter, VNO-NCW Brabant Zeeland" in body
    assert "€ 1.000.000,00" in body
    assert "septembercirculaire 2019" in body
    assert "3 juni 2021" in body


def test_a_letter_after_the_bzk_deadline_keeps_the_circulaire_of_the_advice(advised, people, calendar):
    """Advised in May for the septembercirculaire: a letter of October still pays there (the route, not the
    letter's date), also when the list was reported to BZK in between."""
    calendar.move_to(on(datetime.date(2019, 7, 5)))
    payments.circulaire_lock(circulaire=Circulaire.objects.get(name="Septembercirculaire 2019"), by=people["szw"])
    calendar.move_to(on(datetime.date(2019, 10, 8)))
    decision = services.decision_record(plan=advised, kind="goedkeuring", decided_on=datetime.date(2019, 10, 8),
                                        reference="2019-8", by=people["szw"])  # fmt: skip
    assert "septembercirculaire 2019" in letter_text(decision)[1]
    assert Payment.objects.get(region=advised.region).circulaire.name == "Septembercirculaire 2019"


def test_rejection_has_no_term_and_releases_the_reservation(advised, people, calendar):
    calendar.move_to(on(datetime.date(2019, 6, 3)))
    decision = services.decision_record(plan=advised, kind="afwijzing", decided_on=datetime.date(2019, 6, 3),
                                        reference="2019-9", by=people["szw"])  # fmt: skip
    assert decision.term_ends_on is None
    assert Payment.objects.get(region=advised.region).status == PaymentStatus.VRIJGEGEVEN
    advised.refresh_from_db()
    assert advised.status == PlanStatus.AFGEWEZEN


@pytest.mark.parametrize(
    ("decided_on", "code"),
    [(datetime.date(2019, 5, 22), "before_advice"), (datetime.date(2019, 5, 24), "future")],
)
def test_a_decision_date_lies_between_the_advice_and_today(advised, people, decided_on, code):
    with pytest.raises(ValidationError) as error:
        services.decision_record(plan=advised, kind="goedkeuring", decided_on=decided_on, reference="2019-10",
                                 by=people["szw"])  # fmt: skip
    assert error.value.code == code
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ({"name": "J. van Bree", "salutation": "heer"}, "heer Van Bree"),
        ({"name": "Jan de Vries", "salutation": "mevrouw"}, "mevrouw De Vries"),
        ({"name": "A.M. Jansen", "salutation": "mevrouw"}, "mevrouw Jansen"),
        ({"name": "J. van Bree"}, "heer/mevrouw J. van Bree"),
        ({}, "wethouder"),
    ],
)
def test_the_salutation_follows_the_signatory_as_in_seed_004(person, expected):
    assert salutation(person) == expected
