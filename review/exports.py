"""Payment lists as CSV (for Dutch Excel), XLSX and PDF. A locked list is exported once and stored."""

import csv
import hashlib
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from pow_portal.money import format_euro
from pow_portal.pdf import render_to_pdf

from .constants import BUDGET_PAYMENT_STATES, ExportFormat
from .models import Circulaire, CirculaireExport, Payment

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
        .order_by("region__name", "tranche")
    )


def _rows(circulaire):
    payments = list(circulaire_payments(circulaire))
    return payments, sum((p.amount for p in payments), Decimal("0"))


def _dutch_decimal(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def export_csv(circulaire: Circulaire) -> bytes:
    """``;`` separated, UTF-8 with BOM, decimal comma: opens right in Dutch Excel."""
    payments, total = _rows(circulaire)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for p in payments:
        writer.writerow(
            [circulaire.name, p.region.name, p.centrumgemeente, p.tranche, _dutch_decimal(p.amount), p.basis]
        )
    writer.writerow([circulaire.name, "Totaal", "", "", _dutch_decimal(total), count_label(len(payments))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(circulaire: Circulaire) -> bytes:
    """Real number cells with a euro format and a total row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    payments, total = _rows(circulaire)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Betaallijst"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    euro = '"€" #,##0.00'
    for p in payments:
        sheet.append([circulaire.name, p.region.name, p.centrumgemeente, p.tranche, p.amount, p.basis])
        sheet.cell(row=sheet.max_row, column=5).number_format = euro
    sheet.append([circulaire.name, "Totaal", "", "", total, count_label(len(payments))])
    total_row = sheet.max_row
    sheet.cell(row=total_row, column=5).number_format = euro
    for cell in sheet[total_row]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (26, 34, 22, 9, 22, 40), strict=True):
        sheet.column_dimensions[column].width = width
    when = circulaire.locked_at or timezone.now()
    workbook.properties.created = workbook.properties.modified = when.replace(tzinfo=None, microsecond=0)
    workbook.properties.creator = "Perspectief op Werk"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_pdf(circulaire: Circulaire) -> bytes:
    payments, total = _rows(circulaire)
    rows = [{"payment": p, "amount": format_euro(p.amount)} for p in payments]
    return render_to_pdf(
        "review/print/payment_list.html",
        {
            "circulaire": circulaire,
            "rows": rows,
            "total": format_euro(total),
            "count": len(payments),
            "made_at": circulaire.locked_at or timezone.now(),
        },  # fmt: skip
    )


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
    content = BUILDERS[ExportFormat(fmt)](circulaire)
    return content, hashlib.sha256(content).hexdigest()
