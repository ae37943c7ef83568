"""A dashboard table as an Excel workbook: the same headers, rows and totals as on the page,
numbers as numbers (rates and changes formatted as percentages), every value through
`lib.spreadsheet`, and the period and filters below the table."""

from __future__ import annotations

import io
import re
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tousu.lib import spreadsheet

from .. import export
from .dashboard_cells import Cell, Table
from .dashboard_filters import Parsed, StatsFilterForm
from .search import content_disposition

PERCENT = {"rate": "0.0%", "change": "+0.0%;-0.0%;0.0%"}
# What a sheet's name may not hold, and its length (Excel's rules).
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31


def _value(sheet: Any, cell: Cell) -> Any:
    value = spreadsheet.cell(sheet, cell.value)
    if cell.kind in PERCENT and isinstance(cell.value, float):
        formatted = WriteOnlyCell(sheet, value=cell.value)
        formatted.number_format = PERCENT[cell.kind]
        return formatted
    return value


def workbook(table: Table, parsed: Parsed) -> bytes:
    book = Workbook(write_only=True)
    name = _NOT_IN_SHEET_NAMES.sub(" ", table.title)[:SHEET_NAME_LENGTH] or table.key
    sheet = book.create_sheet(name)
    widths = [28] + [max(10, min(24, len(column.label) * 2)) for column in table.columns]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    header = []
    for text in (table.head, *(column.label for column in table.columns)):
        cell = WriteOnlyCell(sheet, value=spreadsheet.clean_text(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in [*table.rows, *table.footer]:
        sheet.append([_value(sheet, row.head), *(_value(sheet, cell) for cell in row.cells)])
    sheet.append([])
    fields = StatsFilterForm.base_fields
    for key, value in parsed.params().items():
        sheet.append(spreadsheet.row(sheet, (str(fields[key].label), value)))
    if table.note:
        sheet.append(spreadsheet.row(sheet, (table.note,)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def response(table: Table, parsed: Parsed) -> HttpResponse:
    f = parsed.filters
    period = f"{f.start.isoformat()}_{f.end.isoformat()}"
    answer = HttpResponse(workbook(table, parsed), content_type=export.CONTENT_TYPE)
    answer["Content-Disposition"] = content_disposition(
        f"{gettext('Statistics')}-{table.title}-{period}.xlsx",
        f"dashboard-{table.key}-{period}.xlsx",
    )
    return answer
