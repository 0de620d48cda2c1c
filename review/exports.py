"""Payment lists as CSV (for Dutch Excel), XLSX and PDF. A locked list is exported once and stored.

A list longer than ``POW_EXPORT_ASYNC_ROWS`` rows is made by a worker (an ``ExportJob``: progress shown,
file kept); shorter ones are made in the request.
"""

import datetime
import hashlib
import io
import logging
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from pow_portal.money import format_euro
from pow_portal.pdf import html_to_pdf
from pow_portal.spreadsheets import DutchCsv, xlsx_cell, xlsx_row

from .constants import BUDGET_PAYMENT_STATES, ExportFormat
from .models import Circulaire, CirculaireExport, ExportJob, Payment

logger = logging.getLogger(__name__)

EXPORT_CACHE_SECONDS = 10 * 60
MAX_ATTEMPTS = 3
# A job still "bezig" after this long lost its worker (the task time limit is shorter): run it again.
STALE_AFTER = datetime.timedelta(minutes=10)

HEADERS = ["Circulaire", "Arbeidsmarktregio", "Centrumgemeente", "Tranche", "Bedrag (EUR, incl. btw)", "Grondslag"]
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.PDF: "application/pdf",
}


def count_label(n: int) -> str:
    """The total row's count: "1 betaling", "3 betalingen" (the export is Dutch, like BZK's lists)."""
    return "1 betaling" if n == 1 else f"{n} betalingen"


def circulaire_payments(circulaire: Circulaire):
    return (
        Payment.objects.filter(circulaire=circulaire, status__in=BUDGET_PAYMENT_STATES)
        .select_related("region")
        .order_by("region__name", "tranche", "pk")
    )


def _rows(circulaire):
    payments = list(circulaire_payments(circulaire))
    return payments, sum((p.amount for p in payments), Decimal("0"))


PLAIN_FIELDS = ("region__name", "centrumgemeente", "tranche", "amount", "basis")


def _plain_rows(circulaire):
    """(region, centrumgemeente, tranche, amount, basis) tuples, streamed: no model objects for a long list."""
    return circulaire_payments(circulaire).values_list(*PLAIN_FIELDS).iterator(chunk_size=2000)


def export_csv(circulaire: Circulaire) -> bytes:
    """``;`` separated, UTF-8 with BOM, decimal comma: opens right in Dutch Excel (``pow_portal.spreadsheets``)."""
    out = DutchCsv()
    out.row(HEADERS)
    name, total, count = circulaire.name, Decimal("0"), 0
    for region, centrumgemeente, tranche, amount, basis in _plain_rows(circulaire):
        out.row([name, region, centrumgemeente, tranche, amount, basis])
        total += amount
        count += 1
    out.row([name, "Totaal", "", "", total, count_label(count)])
    return out.content()


def export_xlsx(circulaire: Circulaire) -> bytes:
    """Real number cells with a euro format and a total row.

    A write-only workbook streams rows as they come: time and memory grow linearly with the list.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Betaallijst")
    for column, width in zip("ABCDEF", (26, 34, 22, 9, 22, 40), strict=True):
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    euro = '"€" #,##0.00'

    sheet.append(xlsx_row(sheet, HEADERS, font=bold))
    name, total, count = circulaire.name, Decimal("0"), 0
    for region, centrumgemeente, tranche, amount, basis in _plain_rows(circulaire):
        sheet.append(
            [
                *xlsx_row(sheet, [name, region, centrumgemeente, tranche]),
                xlsx_cell(sheet, amount, number_format=euro),
                xlsx_cell(sheet, basis),
            ]
        )
        total += amount
        count += 1
    total_row = [name, "Totaal", "", "", total, count_label(count)]
    sheet.append(
        [
            xlsx_cell(sheet, value, font=bold, number_format=euro if i == 4 else None)
            for i, value in enumerate(total_row)
        ]
    )
    when = circulaire.locked_at or timezone.now()
    workbook.properties.created = workbook.properties.modified = when.replace(tzinfo=None, microsecond=0)
    workbook.properties.creator = "Perspectief op Werk"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_pdf(circulaire: Circulaire, progress=None) -> bytes:
    payments, total = _rows(circulaire)
    rows = [{"payment": p, "amount": format_euro(p.amount)} for p in payments]
    html = render_to_string(
        "review/print/payment_list.html",
        {
            "circulaire": circulaire,
            "rows": rows,
            "total": format_euro(total),
            "count": len(payments),
            "made_at": circulaire.locked_at or timezone.now(),
        },  # fmt: skip
    )
    if progress:
        progress(30)
    return html_to_pdf(html)


BUILDERS = {ExportFormat.CSV: export_csv, ExportFormat.XLSX: export_xlsx, ExportFormat.PDF: export_pdf}


def circulaire_store_exports(circulaire: Circulaire) -> dict[str, CirculaireExport]:
    """Make and store each export of a locked list once (call inside the locking transaction)."""
    stored = {}
    for fmt, build in BUILDERS.items():
        existing = CirculaireExport.objects.filter(circulaire=circulaire, format=fmt).first()
        if existing:
            stored[fmt] = existing
            continue
        content = build(circulaire)
        export = CirculaireExport(circulaire=circulaire, format=fmt, sha256=hashlib.sha256(content).hexdigest())
        export.file.save(f"betaallijst-{circulaire.pk}.{fmt}", ContentFile(content), save=False)
        export.save()
        stored[fmt] = export
    return stored


def circulaire_export(circulaire: Circulaire, fmt: str) -> tuple[bytes, str]:
    """The export's bytes: the stored file of a locked list, a fresh one for an open list."""
    if circulaire.is_locked:
        export = CirculaireExport.objects.get(circulaire=circulaire, format=fmt)
        with export.file.open("rb") as f:
            return f.read(), export.sha256
    # An open list: the same rows give the same file, so a repeated download comes from the shared cache.
    rows = circulaire_payments(circulaire).values_list("pk", "region__name", "centrumgemeente", "tranche", "amount",
                                                       "basis")  # fmt: skip
    state = hashlib.sha256(repr((circulaire.name, fmt, list(rows))).encode()).hexdigest()
    key = f"payment-list:{circulaire.pk}:{state}"
    try:
        cached = cache.get(key)
    except Exception:
        logger.warning("export cache unavailable", exc_info=True)
        cached = None
    if cached is None:
        cached = BUILDERS[ExportFormat(fmt)](circulaire)
        try:
            cache.set(key, cached, EXPORT_CACHE_SECONDS)
        except Exception:
            logger.warning("export cache unavailable", exc_info=True)
    return cached, hashlib.sha256(cached).hexdigest()


# ------------------------------------------------------------------------------
# Large lists: made by a worker
# ------------------------------------------------------------------------------
def export_is_large(circulaire: Circulaire) -> bool:
    return circulaire_payments(circulaire).count() > settings.POW_EXPORT_ASYNC_ROWS


def _dispatch(job_id: int) -> None:
    """Queue the job's task; a broker that is down is logged, never the user's error (beat queues it again)."""
    from .tasks import export_job_run as task

    try:
        task.delay(job_id)
    except Exception:
        logger.exception("export job %s not queued; the beat job will queue it again", job_id)


def export_job_request(*, circulaire: Circulaire, fmt: str, by) -> ExportJob:
    """Ask a worker for the export; the same request while one is waiting or running returns that job."""
    with transaction.atomic():
        Circulaire.objects.select_for_update().get(pk=circulaire.pk)  # one job per list and format at a time
        job = ExportJob.objects.filter(
            circulaire=circulaire, format=fmt, status__in=[ExportJob.Status.WAITING, ExportJob.Status.RUNNING]
        ).first()
        if job is None:
            job = ExportJob.objects.create(
                circulaire=circulaire, format=fmt, requested_by=by, rows=circulaire_payments(circulaire).count()
            )
            logger.info("export job %s requested: %s %s, %s rows", job.pk, circulaire, fmt, job.rows)
            transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _set_progress(job_id: int, percent: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(progress=percent)


def export_job_run(*, job_id: int) -> bool:
    """Make the job's file. Returns False when there is nothing to do (done, running elsewhere, given up)."""
    now = timezone.now()
    claimable = Q(status__in=[ExportJob.Status.WAITING, ExportJob.Status.FAILED]) | Q(
        status=ExportJob.Status.RUNNING, started_at__lt=now - STALE_AFTER
    )
    claimed = (
        ExportJob.objects.filter(claimable, pk=job_id, attempts__lt=MAX_ATTEMPTS)
        .update(status=ExportJob.Status.RUNNING, started_at=now, progress=5, attempts=F("attempts") + 1, error="")
    )  # fmt: skip
    if not claimed:
        logger.info("export job %s: nothing to do (done, running elsewhere or given up)", job_id)
        return False
    job = ExportJob.objects.select_related("circulaire").get(pk=job_id)
    try:
        build = BUILDERS[ExportFormat(job.format)]
        progress = lambda percent: _set_progress(job_id, percent)  # noqa: E731
        content = build(job.circulaire, progress) if build is export_pdf else build(job.circulaire)
        _set_progress(job_id, 90)
        job.file.save(f"betaallijst-{job.circulaire_id}-{job.pk}.{job.format}", ContentFile(content), save=False)
    except Exception as error:
        logger.exception("export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.FAILED, error=str(error)[:1000])
        raise
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.DONE,
        progress=100,
        file=job.file.name,
        sha256=hashlib.sha256(content).hexdigest(),
        finished_at=timezone.now(),
    )
    logger.info("export job %s done: %s bytes", job_id, len(content))
    return True


def export_jobs_redispatch() -> int:
    """Beat job: queue again every job not done that has waited a minute, failed, or lost its worker."""
    now = timezone.now()
    pending = ExportJob.objects.filter(
        Q(status=ExportJob.Status.WAITING, requested_at__lt=now - datetime.timedelta(minutes=1))
        | Q(status=ExportJob.Status.FAILED)
        | Q(status=ExportJob.Status.RUNNING, started_at__lt=now - STALE_AFTER),
        attempts__lt=MAX_ATTEMPTS,
    ).values_list("pk", flat=True)[:100]
    count = 0
    for job_id in pending:
        _dispatch(job_id)
        count += 1
    return count
