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


def _rows(figures):
    for r in figures["regions"]:
        yield [r["region"].name, r["region"].centrumgemeente, r["status"], r["ambition"], r["realised"], r["present"]]


def figures_csv(figures) -> bytes:
    out = DutchCsv()
    out.row(HEADERS)
    for row in _rows(figures):
        out.row(row)
    out.row(["Totaal", "", "", figures["totals"]["ambition"], figures["totals"]["realised"], ""])
    return out.content()


def figures_xlsx(figures) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Regio's"
    sheet.append(xlsx_row(sheet, HEADERS, font=Font(bold=True)))
    for row in _rows(figures):
        sheet.append(xlsx_row(sheet, row))
    sheet.append(["Totaal", None, None, figures["totals"]["ambition"], figures["totals"]["realised"], None])
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
