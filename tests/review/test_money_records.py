"""Money records are never deleted or edited in Beheer; the advice's date follows the route; unfinished work shows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.constants import PlanStatus
from plans.models import Plan, PlanStatusChange, PlanVersion
from pow_portal.constants import Role
from pow_portal.models import Arbeidsmarktregio, AuditEvent, Job, ProgrammeRound
from review import payments, services
from review.constants import CirculaireStatus
from review.models import Circulaire, Payment
from tests.conftest import on

from .test_payments import approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(users_by_role):
    return payments.payment_confirm(decision=approved("Helmond-De Peel", users_by_role[Role.MINISTERIE]))


@pytest.mark.parametrize("role", [Role.BEHEERDER, Role.MINISTERIE])
def test_nobody_deletes_or_edits_money_versions_history_or_audit_in_beheer(
    client, users_by_role, role, payment, django_capture_on_commit_callbacks
):
    client.force_login(users_by_role[role])
    with django_capture_on_commit_callbacks(execute=True):  # the list's files are made by a job after commit
        payments.circulaire_lock(circulaire=payment.circulaire, by=users_by_role[Role.MINISTERIE])
    version = PlanVersion.objects.get()
    history = PlanStatusChange.objects.create(plan=version.plan, from_status="geadviseerd", to_status="goedgekeurd",
                                              by=users_by_role[Role.MINISTERIE])  # fmt: skip
    audit = AuditEvent.objects.first()
    export = payment.circulaire.exports.first()
    for model, obj in [("review_payment", payment), ("plans_planversion", version), ("review_circulaireexport", export),
                       ("plans_planstatuschange", history), ("pow_portal_auditevent", audit)]:  # fmt: skip
        assert client.post(reverse(f"admin:{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
        assert client.post(reverse(f"admin:{model}_change", args=[obj.pk]), {}).status_code == 403
    assert Payment.objects.filter(pk=payment.pk).exists()
    circulaire = payment.circulaire
    response = client.post(reverse("admin:review_circulaire_delete", args=[circulaire.pk]), {"post": "yes"})
    assert response.status_code == 403
    # The status and the lock are read-only on the change form: a forged post does not reopen the list.
    client.post(reverse("admin:review_circulaire_change", args=[circulaire.pk]),
                {"round": circulaire.round_id, "name": circulaire.name, "year": 2019, "window": "vroeg",
                 "bzk_deadline": "2019-07-05", "status": "open"})  # fmt: skip
    circulaire.refresh_from_db()
    assert circulaire.status == CirculaireStatus.VASTGESTELD


def test_an_advice_date_lies_between_the_completeness_check_and_today(users_by_role, calendar):
    region = Arbeidsmarktregio.objects.get(name="Helmond-De Peel")
    plan = Plan.objects.create(region=region, round=ProgrammeRound.objects.current(), status=PlanStatus.GEAGENDEERD)
    version = PlanVersion.objects.create(
        plan=plan, number=1, content={"files": {}}, submitted_by=users_by_role["regio"]
    )
    PlanStatusChange.objects.create(plan=plan, from_status="in_beoordeling", to_status="volledig",
                                    by=users_by_role[Role.ONDERSTEUNINGSTEAM])  # on 1 April 2019  # fmt: skip
    meeting = services.meeting_create(date=datetime.date(2019, 5, 23), title="mei", by=users_by_role["stuurgroep"])
    version.agenda_items.create(meeting=meeting, added_by=users_by_role["stuurgroep"])
    calendar.move_to(on(datetime.date(2019, 5, 23)))
    for day, code in [(datetime.date(2019, 3, 31), "before_check"), (datetime.date(2019, 5, 24), "future")]:
        with pytest.raises(ValidationError) as error:
            services.advice_record(plan=plan, kind="positief", reasons="Goed", advised_on=day,
                                   by=users_by_role["stuurgroep"])  # fmt: skip
        assert error.value.code == code
    assert not Payment.objects.exists()
    advice = services.advice_record(plan=plan, kind="positief", reasons="Goed", advised_on=datetime.date(2019, 5, 23),
                                    by=users_by_role["stuurgroep"])  # fmt: skip
    assert advice.advised_on == datetime.date(2019, 5, 23)
    assert Payment.objects.get().advice == advice


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.MINISTERIE, 200), (Role.ONDERSTEUNINGSTEAM, 200), (Role.STUURGROEP, 403), (Role.REGIO, 403),
     (Role.BEHEERDER, 403)],
)  # fmt: skip
def test_wacht_op_verwerking_is_for_ministry_and_support_team(client, users_by_role, role, status):
    client.force_login(users_by_role[role])
    assert client.get(reverse("review:pending")).status_code == status


def test_wacht_op_verwerking_shows_unfinished_work_with_its_age_in_constant_queries(client, users_by_role):
    szw = users_by_role[Role.MINISTERIE]
    client.force_login(szw)
    response = client.get(reverse("review:pending"))
    assert "Niets wacht op verwerking" in response.content.decode()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(reverse("review:pending")).content.decode()
        return len(ctx.captured_queries), page

    before, _ = count()
    Circulaire.objects.filter(year=2020).delete()  # no circulaire left after December 2019: the payment waits
    for n in range(30):
        Job.objects.create(kind="plans.version_pdf", key=f"plan-version:{n}:pdf", payload={"version_id": n})
    waiting = payments.payment_confirm(decision=approved("Helmond-De Peel", szw, datetime.date(2019, 12, 1)))
    after, page = count()
    assert after == before
    assert "PDF van een ingediende versie" in page and "geleden" in page
    assert waiting.circulaire is None and "zonder circulaire" in page


def test_a_refused_decision_is_shown_in_dutch_and_logged(client, advised, people, caplog):
    client.force_login(people["szw"])
    form = {f"{advised.pk}-kind": "goedkeuring", f"{advised.pk}-decided_on": "2019-05-22",
            f"{advised.pk}-reference": "2019-11"}  # fmt: skip
    with caplog.at_level("INFO", logger="pow_portal.refusals"):
        page = client.post(reverse("review:decide", args=[advised.pk]), form, follow=True).content.decode()
    assert "kan niet vóór het advies van de stuurgroep" in page
    assert "refused: POST" in caplog.text and "(before_advice)" in caplog.text
    assert not Payment.objects.filter(status="bevestigd").exists()
