"""Payment lists as CSV (for Dutch Excel), XLSX and PDF. Locking a list stores its rows; a job then makes each
export once from those rows and stores it with its SHA-256.

A list longer than ``POW_EXPORT_ASYNC_ROWS`` rows is made by a background job (progress shown, file kept);
shorter ones are made in the request.
"""

import hashlib
import io
import logging
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from pow_portal.jobs import job_add, job_progress, job_store_file
from pow_portal.models import Job, JobState
from pow_portal.money import format_euro
from pow_portal.pdf import html_to_pdf
from pow_portal.spreadsheets import DutchCsv, xlsx_cell, xlsx_row
from pow_portal.storage import files_removed_on_rollback

from .constants import BUDGET_PAYMENT_STATES, ExportFormat
from .models import Circulaire, CirculaireExport, Payment

logger = logging.getLogger(__name__)

EXPORT_CACHE_SECONDS = 10 * 60
EXPORT_JOB = "review.export"
LIST_FILES_JOB = "review.list_files"

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


PLAIN_FIELDS = ("region__name", "centrumgemeente", "tranche", "amount", "basis")


def _plain_rows(circulaire):
    """(region, centrumgemeente, tranche, amount, basis) tuples, streamed: no model objects for a long list."""
    return circulaire_payments(circulaire).values_list(*PLAIN_FIELDS).iterator(chunk_size=2000)


def locked_rows(circulaire: Circulaire) -> list[list]:
    """The list's rows as stored when it is locked (JSON: the amount as a string)."""
    return [
        [region, centrumgemeente, tranche, str(amount), basis]
        for region, centrumgemeente, tranche, amount, basis in _plain_rows(circulaire)
    ]


def _rows_from(circulaire: Circulaire, rows):
    """Stored rows (a locked list) or the live ones (an open list), as (…, Decimal amount, …) tuples."""
    if rows is None:
        return _plain_rows(circulaire)
    return ((region, centre, tranche, Decimal(amount), basis) for region, centre, tranche, amount, basis in rows)


def export_csv(circulaire: Circulaire, rows=None) -> bytes:
    """``;`` separated, UTF-8 with BOM, decimal comma: opens right in Dutch Excel (``pow_portal.spreadsheets``)."""
    out = DutchCsv()
    out.row(HEADERS)
    name, total, count = circulaire.name, Decimal("0"), 0
    for region, centrumgemeente, tranche, amount, basis in _rows_from(circulaire, rows):
        out.row([name, region, centrumgemeente, tranche, amount, basis])
        total += amount
        count += 1
    out.row([name, "Totaal", "", "", total, count_label(count)])
    return out.content()


def export_xlsx(circulaire: Circulaire, rows=None) -> bytes:
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
    for region, centrumgemeente, tranche, amount, basis in _rows_from(circulaire, rows):
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


def export_pdf(circulaire: Circulaire, progress=None, rows=None) -> bytes:
    lines = [
        {"region": region, "centrumgemeente": centre, "tranche": tranche, "amount": amount, "basis": basis}
        for region, centre, tranche, amount, basis in _rows_from(circulaire, rows)
    ]
    total = sum((line["amount"] for line in lines), Decimal("0"))
    for line in lines:
        line["amount"] = format_euro(line["amount"])
    html = render_to_string(
        "review/print/payment_list.html",
        {
            "circulaire": circulaire,
            "rows": lines,
            "total": format_euro(total),
            "count": len(lines),
            "made_at": circulaire.locked_at or timezone.now(),
        },  # fmt: skip
    )
    if progress:
        progress(30)
    return html_to_pdf(html)


BUILDERS = {ExportFormat.CSV: export_csv, ExportFormat.XLSX: export_xlsx, ExportFormat.PDF: export_pdf}


def list_files_build(*, job: Job, circulaire_id: int, rows: list) -> None:
    """The job after locking a list: each export made once from the rows the lock stored, with its SHA-256.

    Idempotent: a format already stored is kept. A file is written before its row; if the row cannot be saved
    the file is removed, so no orphan stays behind."""
    from pow_portal.services import audit_log

    circulaire = Circulaire.objects.get(pk=circulaire_id)
    job_progress(job, 0, total=len(BUILDERS))
    for done, (fmt, build) in enumerate(BUILDERS.items(), start=1):
        if not CirculaireExport.objects.filter(circulaire=circulaire, format=fmt).exists():
            content = build(circulaire, rows=rows)
            export = CirculaireExport(circulaire=circulaire, format=fmt, sha256=hashlib.sha256(content).hexdigest())
            with files_removed_on_rollback() as keep, transaction.atomic():
                export.file.save(f"betaallijst-{circulaire.pk}.{fmt}", ContentFile(content), save=False)
                keep(export.file)
                export.save()
        job_progress(job, done, message=fmt)
    hashes = dict(CirculaireExport.objects.filter(circulaire=circulaire).values_list("format", "sha256"))
    audit_log(actor=None, action="circulaire.exports", obj=circulaire, data=hashes)
    logger.info("locked list %s: files stored (%s)", circulaire.pk, ", ".join(sorted(hashes)))


def list_files_job(circulaire: Circulaire) -> Job | None:
    return Job.objects.filter(key=f"{LIST_FILES_JOB}:{circulaire.pk}").first()


def circulaire_export(circulaire: Circulaire, fmt: str) -> tuple[bytes, str]:
    """The export's bytes: the stored file of a locked list, a fresh one for an open list."""
    if circulaire.is_locked:
        export = CirculaireExport.objects.get(circulaire=circulaire, format=fmt)  # the caller checks it is made
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


def export_job_request(*, circulaire: Circulaire, fmt: str, by) -> Job:
    """Ask a worker for the export; the same request while one is waiting or running returns that job."""
    with transaction.atomic():
        Circulaire.objects.select_for_update().get(pk=circulaire.pk)  # one job per list and format at a time
        job = Job.objects.filter(
            kind=EXPORT_JOB,
            payload__circulaire_id=circulaire.pk,
            payload__format=fmt,
            state__in=[JobState.WAITING, JobState.RUNNING],
        ).first()
        if job is None:
            rows = circulaire_payments(circulaire).count()
            job = job_add(
                kind=EXPORT_JOB,
                key=f"{EXPORT_JOB}:{circulaire.pk}:{fmt}:{uuid.uuid4().hex}",
                payload={"circulaire_id": circulaire.pk, "format": fmt, "rows": rows},
                by=by,
                total=100,
            )
            logger.info("export job %s requested: %s %s, %s rows", job.pk, circulaire, fmt, rows)
    return job


def export_job_build(*, job: Job, circulaire_id: int, format: str, rows: int) -> None:
    """The export job's body. Idempotent: a job that kept its file is not built again."""
    if job.file:
        logger.info("export job %s already has its file, skipped", job.pk)
        return
    circulaire = Circulaire.objects.get(pk=circulaire_id)
    job_progress(job, 5)
    build = BUILDERS[ExportFormat(format)]
    progress = lambda percent: job_progress(job, percent)  # noqa: E731
    content = build(circulaire, progress) if build is export_pdf else build(circulaire)
    job_progress(job, 90)
    job_store_file(job, f"betaallijst-{circulaire_id}-{job.pk}.{format}", content)
    logger.info("export job %s done: %s bytes", job.pk, len(content))
