"""``manage.py reconcile`` catches each broken money invariant, each broken on purpose through the database."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.reconcile import reconcile
from pow_portal.models import ProgrammeRound, ReconcileRun
from review import payments
from review.constants import PaymentStatus
from review.models import Circulaire, CirculaireExport, Decision, Payment

from .conftest import approved_plan, attend_all

pytestmark = pytest.mark.django_db
D = datetime.date
FEB = D(2020, 2, 14)


@pytest.fixture
def paid(people):
    """Two approved plans with their first tranche on the Septembercirculaire 2019, one evaluated with the second
    tranche on the Meicirculaire 2020: every invariant holds."""
    first = approved_plan("Helmond-De Peel", people["szw"], decided_on=D(2019, 6, 3))
    second = approved_plan("Holland Rijnland", people["szw"], decided_on=D(2019, 6, 3))
    for plan in (first, second):
        payments.payment_confirm(decision=Decision.objects.get(plan=plan))
    attend_all(first.region, people["ot"])
    evaluation = services.evaluation_record(
        plan=first, good_progress=True, reasons="Op koers.", evaluated_on=FEB, by=people["szw"]
    )
    run = reconcile()
    assert run.ok, run.problems
    return first, second, evaluation


def checks(run) -> set[str]:
    return {p["check"] for p in run.problems}


def test_everything_in_order_is_reported_as_such(paid):
    out = io.StringIO()
    call_command("reconcile", stdout=out)
    assert "Alles klopt." in out.getvalue()
    assert ReconcileRun.objects.first().checked["eerste_tranche"] == 2


def test_a_missing_first_tranche_is_caught(paid):
    first, _second, _evaluation = paid
    Payment.objects.filter(region=first.region, tranche=2019).update(status=PaymentStatus.GEANNULEERD)
    run = reconcile()
    assert checks(run) == {"eerste_tranche"}
    assert "Helmond-De Peel: 0 bevestigde eerste tranche 2019" in run.problems[0]["message"]


def test_a_first_tranche_on_a_circulaire_of_another_year_is_caught(paid):
    _first, second, _evaluation = paid
    Payment.objects.filter(region=second.region, tranche=2019).update(
        circulaire=Circulaire.objects.get(name="Meicirculaire 2020")
    )
    run = reconcile()
    assert checks(run) == {"eerste_tranche"}
    assert "staat op Meicirculaire 2020" in run.problems[0]["message"]


def test_a_second_tranche_on_the_first_years_circulaire_or_missing_is_caught(paid):
    _first, _second, evaluation = paid
    Payment.objects.filter(pk=evaluation.payment_id).update(
        circulaire=Circulaire.objects.get(name="Septembercirculaire 2019")
    )
    run = reconcile()
    assert checks(run) == {"tweede_tranche"}
    assert "tweede tranche 2020 staat op Septembercirculaire 2019" in run.problems[0]["message"]
    Payment.objects.filter(pk=evaluation.payment_id).update(status=PaymentStatus.GEANNULEERD)
    assert checks(reconcile()) == {"tweede_tranche"}


def test_a_year_over_budget_is_caught(paid):
    ProgrammeRound.objects.update(yearly_budget=Decimal("1500000.00"))
    run = reconcile()
    assert checks(run) == {"budget"}
    assert "2019-2020 2019: gereserveerd en betaald € 2.000.000,00" in run.problems[0]["message"]


def test_a_changed_row_or_export_of_a_vastgesteld_list_is_caught(paid, people, django_capture_on_commit_callbacks):
    september = Circulaire.objects.get(name="Septembercirculaire 2019")
    with django_capture_on_commit_callbacks(execute=True):  # the job that stores the list's files
        payments.circulaire_lock(circulaire=september, by=people["szw"])
    assert CirculaireExport.objects.filter(circulaire=september).count() == 3
    assert reconcile().ok
    Payment.objects.filter(circulaire=september).update(basis="Achteraf gewijzigd")
    run = reconcile()
    assert checks(run) == {"vastgesteld"}
    assert "de betalingen op de lijst zijn gewijzigd" in run.problems[0]["message"]
    CirculaireExport.objects.filter(circulaire=september, format="xlsx").update(sha256="0" * 64)
    messages = " ".join(p["message"] for p in reconcile().problems)
    assert "de hash van de xlsx-export is gewijzigd" in messages and "het xlsx-bestand is gewijzigd" in messages


def test_a_payment_without_circulaire_for_more_than_a_day_is_caught(paid):
    first, _second, _evaluation = paid
    payment = Payment.objects.get(region=first.region, tranche=2019)
    Payment.objects.filter(pk=payment.pk).update(circulaire=None)
    assert reconcile().ok  # waiting since today: the ministry has a day
    Payment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    run = reconcile()
    assert checks(run) == {"zonder_circulaire"}
    with pytest.raises(CommandError, match="1 afwijking"):
        call_command("reconcile", stdout=io.StringIO())


def test_the_result_shows_on_wacht_op_verwerking(client, paid, people):
    client.force_login(people["szw"])
    ProgrammeRound.objects.update(yearly_budget=Decimal("1500000.00"))
    reconcile()
    html = client.get(reverse("review:pending")).content.decode()
    assert "Controle van de betalingen" in html and "1 afwijking" in html and "boven het budget" in html


def test_the_beat_job_runs_the_reconcile(paid):
    from monitoring.tasks import reconcile_run

    assert reconcile_run.delay().get() == 0
    assert ReconcileRun.objects.count() == 2
