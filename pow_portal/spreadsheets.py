"""Cells for every CSV and XLSX the portal makes: text from users or Beheer never becomes a formula.

A region's name edited in Beheer to ``=HYPERLINK("http://…","klik")`` or ``@SUM(…)`` would run as a formula when
a ministry employee opens the export in Excel (CSV injection). In a CSV, text that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading apostrophe, which Excel shows as plain text. In an XLSX, text is
written as a string cell, never as a formula, and keeps its characters. Numbers (also negative ones, such as a
verrekening) stay numbers: only text is neutralised.
"""

import csv
import io
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would read as a formula, made inert; every other value as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")  # a decimal comma: Dutch Excel reads it as a number
    return neutralise(value)


class DutchCsv:
    """``;`` separated, UTF-8 with BOM, decimal comma: opens right in Dutch Excel. Every text cell neutralised."""

    def __init__(self):
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=";", lineterminator="\r\n")

    def row(self, values) -> None:
        self._writer.writerow([_csv_value(v) for v in values])

    def content(self) -> bytes:
        return ("\ufeff" + self._buffer.getvalue()).encode("utf-8")


def xlsx_cell(sheet, value, *, number_format=None, font=None):
    """A cell for ``sheet.append``: text always a string cell (never a formula), numbers numbers."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    return cell


def xlsx_row(sheet, values, **style) -> list:
    return [xlsx_cell(sheet, value, **style) for value in values]
