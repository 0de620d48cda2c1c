import csv
import datetime
import io
import subprocess
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse

from plans.constants import PlanStatus
from plans.models import Plan, PlanVersion
from pow_portal.models import Arbeidsmarktregio, AuditEvent, ProgrammeRound
from review import payments
from review.constants import CirculaireStatus, PaymentStatus
from review.models import Circulaire, Decision, Payment, PaymentCorrection

pytestmark = pytest.mark.django_db
D = datetime.date


JUNE_3 = D(2019, 6, 3)


def approved(region_name, user, decided_on=JUNE_3):
    """An approved plan's decision, made directly (the review flow has its own tests)."""
    region = Arbeidsmarktregio.objects.get(name=region_name)
    plan = Plan.objects.create(region=region, round=ProgrammeRound.objects.current(), status=PlanStatus.GOEDGEKEURD)
    version = PlanVersion.objects.create(plan=plan, number=1, content={"files": {}}, submitted_by=user)
    return Decision.objects.create(plan=plan, version=version, kind="goedkeuring", decided_on=decided_on,
                                   reference=f"REF-{region.code}", decided_by=user)  # fmt: skip


@pytest.fixture
def szw(make_user):
    return make_user(username="szw-pay", ministerie=True)


def circulaire(name):
    return Circulaire.objects.get(name=name)


@pytest.mark.parametrize(
    ("decided_on", "expected"),
    [
        (D(2019, 6, 3), "Septembercirculaire 2019"),
        (D(2019, 7, 4), "Septembercirculaire 2019"),
        (D(2019, 7, 5), "Septembercirculaire 2019"),  # on the BZK deadline
        (D(2019, 7, 6), "Decembercirculaire 2019"),
        (D(2019, 9, 15), "Decembercirculaire 2019"),
        (D(2019, 9, 16), None),  # the 2019 tranche never goes on a 2020 list: it waits for the ministry
    ],
)
def test_the_circulaire_at_and_around_each_bzk_deadline(szw, decided_on, expected):
    payment = payments.payment_confirm(decision=approved("Helmond-De Peel", szw, decided_on))
    assert (payment.circulaire.name if payment.circulaire else None) == expected
    assert payment.amount == Decimal("1000000.00")
    assert payment.centrumgemeente == "Helmond"
    assert payment.tranche == 2019


def test_after_locking_approvals_go_to_the_next_open_circulaire(szw):
    payments.circulaire_lock(circulaire=circulaire("Septembercirculaire 2019"), by=szw)
    payment = payments.payment_confirm(decision=approved("Helmond-De Peel", szw, D(2019, 6, 1)))
    assert payment.circulaire.name == "Decembercirculaire 2019"


def test_exactly_once_under_double_calls_and_retries(szw):
    decision = approved("Helmond-De Peel", szw)
    first = payments.payment_confirm(decision=decision)
    assert payments.payment_confirm(decision=decision) == first
    assert Payment.objects.count() == 1


def test_the_yearly_budget_is_a_hard_cap(szw):
    round_ = ProgrammeRound.objects.current()
    round_.yearly_budget = Decimal("1500000.00")
    round_.save()
    payments.payment_confirm(decision=approved("Helmond-De Peel", szw))
    with pytest.raises(ValidationError) as error:
        payments.payment_confirm(decision=approved("Holland Rijnland", szw))
    assert error.value.code == "budget"
    assert "€ 500.000,00" in error.value.messages[0]
    assert Payment.objects.count() == 1


def test_the_second_tranche_follows_good_progress(szw):
    decision = approved("Helmond-De Peel", szw)
    payments.payment_confirm(decision=decision)
    Circulaire.objects.filter(year=2020).delete()  # a round without the 2020 circulaires of monitoring's data
    Circulaire.objects.create(round=decision.plan.round, name="Meicirculaire 2020", year=2020,
                              bzk_deadline=D(2020, 4, 1))  # fmt: skip
    second = payments.payment_schedule_second_tranche(plan=decision.plan, evaluated_on=D(2020, 2, 20), by=szw)
    assert (second.tranche, second.circulaire.name) == (2020, "Meicirculaire 2020")
    assert payments.payment_schedule_second_tranche(plan=decision.plan, evaluated_on=D(2020, 2, 20), by=szw) == second


def test_corrections_need_a_reason_are_audited_and_never_delete(szw):
    payment = payments.payment_confirm(decision=approved("Helmond-De Peel", szw))
    december = circulaire("Decembercirculaire 2019")
    with pytest.raises(ValidationError):
        payments.payment_move(payment=payment, to=december, reason=" ", by=szw)
    payments.payment_move(payment=payment, to=december, reason="Later beschikbaar", by=szw)
    payment.refresh_from_db()
    assert payment.circulaire == december
    payments.payment_cancel(payment=payment, reason="Plan ingetrokken", by=szw)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.GEANNULEERD
    assert [c.kind for c in PaymentCorrection.objects.order_by("id")] == ["verplaatst", "geannuleerd"]
    assert AuditEvent.objects.filter(action__in=["payment.move", "payment.cancel"]).count() == 2
    # a cancelled payment frees the slot: a new one may be scheduled
    assert payments.payment_confirm(decision=payment.decision).pk != payment.pk


def test_only_the_ministry_corrects(szw, make_user):
    payment = payments.payment_confirm(decision=approved("Helmond-De Peel", szw))
    with pytest.raises(PermissionDenied):
        payments.payment_cancel(payment=payment, reason="x", by=make_user(username="ot-x", ondersteuningsteam=True))


def test_a_locked_list_cannot_change(szw):
    payment = payments.payment_confirm(decision=approved("Helmond-De Peel", szw))
    payments.circulaire_lock(circulaire=payment.circulaire, by=szw)
    for change in (
        lambda: payments.payment_move(payment=payment, to=circulaire("Decembercirculaire 2019"), reason="x", by=szw),
        lambda: payments.payment_cancel(payment=payment, reason="x", by=szw),
    ):
        with pytest.raises(ValidationError) as error:
            change()
        assert error.value.code == "locked"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.BEVESTIGD


def test_exports_match_and_a_locked_list_always_gives_the_same_file(
    client, szw, tmp_path, django_capture_on_commit_callbacks
):
    for name in ("Helmond-De Peel", "Holland Rijnland"):
        payments.payment_confirm(decision=approved(name, szw))
    september = circulaire("Septembercirculaire 2019")
    with django_capture_on_commit_callbacks(execute=True):  # the files are a job after the lock's commit
        payments.circulaire_lock(circulaire=september, by=szw)
    client.force_login(szw)
    files = {}
    for fmt in ("csv", "xlsx", "pdf"):
        first = client.get(reverse("review:circulaire-export", args=[september.pk, fmt]))
        second = client.get(reverse("review:circulaire-export", args=[september.pk, fmt]))
        assert first.content == second.content
        assert first["X-Content-SHA256"] == september.exports.get(format=fmt).sha256
        files[fmt] = first.content
    text = files["csv"].decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][1:5] == ["Helmond-De Peel", "Helmond", "2019", "1000000,00"]
    assert rows[-1][1] == "Totaal" and rows[-1][4] == "2000000,00"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    amounts = [sheet.cell(row=r, column=5) for r in range(2, sheet.max_row + 1)]
    assert [(type(c.value), c.value) for c in amounts] == [(int, 1000000), (int, 1000000), (int, 2000000)]
    assert all("€" in c.number_format for c in amounts)
    pdf = tmp_path / "lijst.pdf"
    pdf.write_bytes(files["pdf"])
    pdf_text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "€ 2.000.000,00" in pdf_text and "Holland Rijnland" in pdf_text


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_moment_on_postgresql(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's: runs in CI's second pass")
    szw = make_user(username="szw-race", ministerie=True)
    round_ = ProgrammeRound.objects.current()
    round_.yearly_budget = Decimal("1000000.00")  # room for exactly one payment
    round_.save()
    same = approved("Helmond-De Peel", szw)
    other = approved("Holland Rijnland", szw)
    barrier = threading.Barrier(4)
    outcomes = []

    def run(decision):
        try:
            barrier.wait()
            outcomes.append(payments.payment_confirm(decision=decision).pk)
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(d,)) for d in (same, same, other, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert Payment.objects.count() == 1  # one region got the only million, once
    assert outcomes.count("budget") == 2
    assert len({o for o in outcomes if o != "budget"}) == 1


def test_circulaire_status_is_data(szw):
    assert set(Circulaire.objects.values_list("status", flat=True)) == {CirculaireStatus.OPEN}


def test_a_payment_without_open_circulaire_is_a_task_not_an_error(client, szw):
    Circulaire.objects.filter(year=2020).delete()  # a round without the 2020 circulaires of monitoring's data
    payment = payments.payment_confirm(decision=approved("Helmond-De Peel", szw, D(2019, 10, 1)))
    assert payment.circulaire is None
    client.force_login(szw)
    html = client.get(reverse("review:circulaires")).content.decode()
    assert "Taak: betalingen zonder open circulaire." in html
    next_year = Circulaire.objects.create(
        round=payment.round, name="Meicirculaire 2020", year=2020, bzk_deadline=D(2020, 4, 1)
    )
    url = reverse("review:payment-correct", args=[payment.pk, "verplaatsen"])
    response = client.post(url, {"to": next_year.pk, "reason": "Eerstvolgende circulaire"}, follow=True)
    assert "De tranche 2019 kan alleen op een circulaire van 2019" in response.content.decode()
    payment.refresh_from_db()
    assert payment.circulaire is None
    new = Circulaire.objects.create(
        round=payment.round, name="Extra circulaire 2019", year=2019, bzk_deadline=D(2019, 12, 1)
    )
    response = client.post(url, {"to": new.pk, "reason": "Eerstvolgende circulaire"}, follow=True)
    assert "Betaling verplaatst naar Extra circulaire 2019." in response.content.decode()
    payment.refresh_from_db()
    assert payment.circulaire == new


@pytest.mark.django_db(transaction=True)
def test_locking_stores_the_rows_and_a_job_makes_the_files_outside_the_lock(
    client, szw, monkeypatch, django_capture_on_commit_callbacks
):
    from pow_portal import jobs
    from pow_portal.models import Job
    from review import exports

    payments.payment_confirm(decision=approved("Helmond-De Peel", szw))
    september = circulaire("Septembercirculaire 2019")
    built_in_transaction = []
    real_csv = exports.BUILDERS["csv"]

    def watched_csv(*args, **kwargs):
        from django.db import connection

        built_in_transaction.append(connection.in_atomic_block)
        return real_csv(*args, **kwargs)

    monkeypatch.setitem(exports.BUILDERS, "csv", watched_csv)
    monkeypatch.setattr(jobs, "_dispatch", lambda job_id: None)  # the worker is busy: the job waits
    client.force_login(szw)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("review:circulaire-lock", args=[september.pk]))
    september.refresh_from_db()
    job = Job.objects.get(kind=exports.LIST_FILES_JOB)
    assert september.is_locked and not september.exports.exists()
    assert job.payload["rows"] == [["Helmond-De Peel", "Helmond", 2019, "1000000.00", job.payload["rows"][0][4]]]
    assert AuditEvent.objects.get(action="circulaire.lock").data == {"rows": 1, "total": "1000000.00"}
    # the list page and a download show the progress instead of a file that is not there yet
    page = client.get(reverse("review:circulaire", args=[september.pk])).content.decode()
    assert "worden gemaakt" in page and reverse("review:export-job", args=[job.pk]) in page
    download = client.get(reverse("review:circulaire-export", args=[september.pk, "csv"]))
    assert download.status_code == 302 and download.url == reverse("review:export-job", args=[job.pk])
    progress = client.get(download.url, headers={"HX-Request": "true"}).content.decode()
    assert "<progress" in progress and "0 van 3" in progress

    # a payment changed under the locked list afterwards (through the database) does not change its files
    Payment.objects.filter(circulaire=september).update(basis="later gewijzigd")
    monkeypatch.undo()
    monkeypatch.setitem(exports.BUILDERS, "csv", watched_csv)
    assert jobs.job_run(job_id=job.pk)
    assert built_in_transaction == [False]  # made outside any transaction, so outside the lock
    hashes = dict(september.exports.values_list("format", "sha256"))
    assert set(hashes) == {"csv", "xlsx", "pdf"}
    assert AuditEvent.objects.get(action="circulaire.exports").data == hashes
    content = client.get(reverse("review:circulaire-export", args=[september.pk, "csv"])).content.decode()
    assert "later gewijzigd" not in content and "Helmond-De Peel" in content
    assert not jobs.job_run(job_id=job.pk)  # done is done: the files are made once
