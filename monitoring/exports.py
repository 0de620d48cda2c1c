"""The national dashboard's figures as CSV (for Dutch Excel) and XLSX: one row per region.

Region names and centrumgemeenten are edited in Beheer: every cell goes through ``pow_portal.spreadsheets``.
"""

import io

from pow_portal.spreadsheets import DutchCsv, xlsx_cell, xlsx_row

HEADERS = [
    "Arbeidsmarktregio",
    "Centrumgemeente",
    "Status plan",
    "Ambitie (matches)",
    "Gerealiseerd (matches)",
    "Aanwezig bij landelijke bijeenkomsten",
]


def _headers(figures):
    return HEADERS + [f"Rapportage {period.name}" for period in figures["periods"]]


def report_cell(report) -> str:
    """A progress report's status in a cell: "Ingediend (te laat)", "Ontbreekt", "" where it does not apply."""
    if report is None:
        return ""
    late = report["late"] and report["status"] != "ontbreekt"
    return f"{report['label']} (te laat)" if late else str(report["label"])


def _rows(figures):
    for r in figures["regions"]:
        region = r["region"]
        reports = [report_cell(report) for report in r["reports"]]
        yield [region.name, region.centrumgemeente, r["status"], r["ambition"], r["realised"], r["present"], *reports]


def _totals(figures, empty):
    totals = figures["totals"]
    return ["Totaal", empty, empty, totals["ambition"], totals["realised"], empty] + [empty] * len(figures["periods"])


def figures_csv(figures) -> bytes:
    out = DutchCsv()
    out.row(_headers(figures))
    for row in _rows(figures):
        out.row(row)
    out.row(_totals(figures, ""))
    return out.content()


def figures_xlsx(figures) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Regio's"
    sheet.append(xlsx_row(sheet, _headers(figures), font=Font(bold=True)))
    for row in _rows(figures):
        sheet.append(xlsx_row(sheet, row))
    sheet.append(xlsx_row(sheet, _totals(figures, None)))
    money = workbook.create_sheet("Betalingen")
    money.append(["Circulaire", "Status", "Aantal betalingen", "Bedrag (EUR)"])
    for c in figures["circulaires"]:
        money.append(
            [
                *xlsx_row(money, [c["label"], c["status"], c["n"]]),
                xlsx_cell(money, c["value"], number_format="€ #,##0.00"),
            ]
        )
    money.append([])
    money.append(["Jaar", "Budget", "Gebruikt", "Over"])
    for b in figures["budget"]:
        money.append([b["year"], b["budget"], b["used"], b["left"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
