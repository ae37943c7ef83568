"""The two workbooks an import hands out: the template and the error report.

The template's headers are the columns' Chinese or English names (by the page's language), its
first sheet holds one example row, the second explains every column. Columns whose digits Excel
would mangle (phones, ID numbers, external ids) are formatted as text.

The error report lists the rows with problems: the row number, the problems, then the row's own
cells under the file's own headers — correct it and import it again as it is (an import ignores
the two leading columns). Every value goes through `lib.spreadsheet` (no live formulas).
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext, pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tousu.lib import spreadsheet

from .columns import COLUMNS, Column
from .jobs import column_label, open_rows
from .models import ImportJob

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_COLUMNS = ("external_id", "phone", "id_number")
WIDE_COLUMNS = {"title": 30, "content": 50, "facts": 30, "demands": 30, "address": 30}


def _chinese() -> bool:
    return (translation.get_language() or "zh-hans").startswith("zh")


def header_of(column: Column) -> str:
    return column.zh if _chinese() else column.en


def report_headers() -> tuple[str, str]:
    """The error report's two leading columns (data, not translations: `columns.REPORT_COLUMNS`
    must recognise them to ignore them)."""
    return ("行号", "问题") if _chinese() else ("row", "problems")


def template() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = gettext("Cases")
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDE_COLUMNS.get(column.key, 14)
        if column.key in TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        head = sheet.cell(row=1, column=index, value=header_of(column))
        head.font = bold
        example = sheet.cell(row=2, column=index, value=column.example)
        if column.key in TEXT_COLUMNS:
            example.number_format = "@"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(pgettext("import template sheet", "Instructions"))
    notes.append([gettext("Column"), gettext("Also recognised as"), gettext("Required"), ""])
    for cell in notes[1]:
        cell.font = bold
    for column in COLUMNS:
        other = column.en if _chinese() else column.zh
        notes.append(
            [
                header_of(column),
                other,
                gettext("Yes") if column.required else gettext("No"),
                str(column.description),
            ]
        )
    notes.append([])
    notes.append(
        [
            gettext(
                "One case per row below the header. Headers may be in Chinese or English; "
                "columns the import does not know are ignored."
            )
        ]
    )
    for letter, width in (("A", 16), ("B", 20), ("C", 10), ("D", 90)):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def error_report(job: ImportJob) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(gettext("Rows with problems"))
    keys = [key for key, _header in job.headers]
    widths = [8, 40, *(WIDE_COLUMNS.get(k, 14) for k in keys)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for text in (*report_headers(), *(h for _key, h in job.headers)):
        cell = WriteOnlyCell(sheet, value=spreadsheet.clean_text(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    sheet.freeze_panes = "C2"
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in open_rows(job):
        problems = job.problems.get(str(row.number))
        if not problems:
            continue
        text = "\n".join(
            f"{column_label(job, column)}: {message}"
            for column, messages in problems.items()
            for message in messages
        )
        described = WriteOnlyCell(sheet, value=spreadsheet.clean_text(text))
        described.alignment = wrap
        cells = spreadsheet.row(sheet, (row.values.get(k, "") for k in keys))
        for key, cell in zip(keys, cells, strict=True):
            if key in TEXT_COLUMNS and isinstance(cell, str) and cell:
                text_cell = WriteOnlyCell(sheet, value=cell)
                text_cell.number_format = "@"
                cells[keys.index(key)] = text_cell
        sheet.append([row.number, described, *cells])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def columns_table() -> list[tuple[str, str, str, bool, str]]:
    """(key, Chinese header, English header, required, description): the docs' and the
    upload page's list of columns."""
    return [(c.key, c.zh, c.en, c.required, str(c.description)) for c in COLUMNS]
