"""The national dashboard's figures as CSV (for Dutch Excel) and XLSX: one row per region."""

import csv
import io

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
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in _rows(figures):
        writer.writerow(["" if v is None else v for v in row])
    writer.writerow(["Totaal", "", "", figures["totals"]["ambition"], figures["totals"]["realised"], ""])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def figures_xlsx(figures) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Regio's"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(figures):
        sheet.append(row)
    sheet.append(["Totaal", None, None, figures["totals"]["ambition"], figures["totals"]["realised"], None])
    money = workbook.create_sheet("Betalingen")
    money.append(["Circulaire", "Status", "Aantal betalingen", "Bedrag (EUR)"])
    for c in figures["circulaires"]:
        money.append([c["label"], c["status"], c["n"], c["value"]])
        money.cell(row=money.max_row, column=4).number_format = "€ #,##0.00"
    money.append([])
    money.append(["Jaar", "Budget", "Gebruikt", "Over"])
    for b in figures["budget"]:
        money.append([b["year"], b["budget"], b["used"], b["left"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
