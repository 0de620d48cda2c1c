"""The completeness proposals build on the checklist's codes, and the support team confirms them at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans import checklist
from plans.constants import PlanStatus
from plans.forms import DeclarationsForm, PartyFormSet
from plans.printing import section_context
from plans.sections import DECLARATIONS
from plans.snapshot import plan_snapshot
from review import services
from review.constants import CheckItemKey as K
from review.models import CheckItem
from review.prefill import prefill
from tests.factories import PlanFactory, reviewer

pytestmark = pytest.mark.django_db


def test_a_proposal_for_a_version_that_lacks_items_names_the_sections(regio_user, open_round):
    plan = PlanFactory(by=regio_user)  # nothing filled in: every section lacks something
    proposals = prefill(plan_snapshot(plan), open_round)  # joined lazy labels used to crash here
    ok, reason = proposals[K.SECTIONS]
    assert ok is False
    assert reason.startswith("Ontbreekt in: ") and "1. Analyse" in reason and "9. Bijlage" in reason
    assert proposals[K.GRAPHIC][0] is False and proposals[K.AGREEMENT][0] is False


def test_checklist_items_carry_codes_that_the_proposals_read(regio_user, open_round):
    plan = PlanFactory(by=regio_user)
    snapshot = plan_snapshot(plan)
    codes = {m.code for m in checklist.plan_checklist(snapshot, pages={}, limits={})}
    assert {checklist.PART, checklist.MATCHES, checklist.PARTIES, checklist.GRAPHIC, checklist.CONTACT} <= codes


def test_all_open_proposals_are_confirmed_at_once_and_each_stays_overridable(regio_user):
    plan = PlanFactory(in_review=True, by=regio_user)
    ot = reviewer("ondersteuningsteam")
    graphic = CheckItem.objects.get(completeness__version__plan=plan, key=K.GRAPHIC)
    services.check_item_decide(item=graphic, confirmed=False, note="Onleesbaar", by=ot)
    confirmed = services.check_confirm_proposals(plan=plan, by=ot)
    assert len(confirmed) == len(K.values) - 1  # the one already judged stays as it is
    graphic.refresh_from_db()
    assert graphic.confirmed is False and graphic.note == "Onleesbaar"
    items = CheckItem.objects.filter(completeness__version__plan=plan)
    assert all(i.confirmed == i.prefilled for i in items if i.key != K.GRAPHIC)
    with pytest.raises(ValidationError) as error:
        services.check_item_decide(item=items.get(key=K.CONTACT), confirmed=False, note="", by=ot)
    assert error.value.code == "note_required"


def test_only_the_support_team_confirms_proposals_and_only_during_review(regio_user):
    plan = PlanFactory(in_review=True, by=regio_user)
    with pytest.raises(PermissionDenied):
        services.check_confirm_proposals(plan=plan, by=reviewer("stuurgroep"))
    services.review_request_changes(plan=plan, by=reviewer("ondersteuningsteam"))
    with pytest.raises(ValidationError) as error:
        services.check_confirm_proposals(plan=plan, by=reviewer("ondersteuningsteam"))
    assert error.value.code == "not_reviewing"
    assert plan.status == PlanStatus.AANVULLING_GEVRAAGD


def test_the_declarations_read_the_same_in_the_form_and_the_pdf(regio_user):
    plan = PlanFactory(drafted=True, by=regio_user)
    form = DeclarationsForm()
    printed = section_context(plan_snapshot(plan), "ondertekening")["declarations"]
    assert [str(form.fields[f"declaration_{letter}"].label) for letter, _text in DECLARATIONS] == [
        d["text"] for d in printed
    ]


def test_an_untouched_spare_party_row_is_not_filled_in():
    data = {
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "1",
        "parties-0-name": "UWV",
        "parties-0-kind": "uwv",
        "parties-0-role": "WSP",
        "parties-1-name": "",
        "parties-1-kind": "",
        "parties-1-role": "",
    }
    formset = PartyFormSet(data, initial=[{"name": "UWV", "kind": "uwv", "role": "WSP"}], prefix="parties")
    assert formset.is_valid(), formset.errors
    assert formset.rows() == [{"name": "UWV", "kind": "uwv", "role": "WSP"}]
