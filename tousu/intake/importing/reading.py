"""An import file as rows of text: .xlsx (openpyxl, read-only) or .csv (UTF-8 with or without a
BOM, GB18030 — what a Chinese Excel saves as "CSV" — or UTF-16), recognised by content.

Every value comes out as text, the way a clerk sees it in the sheet: numbers without a spurious
".0" (a phone typed as a number), dates as 2026-03-02 10:00:00, control characters dropped (a
NUL would be refused by PostgreSQL, the others by the error report's XML). Row numbers are the
sheet's own, the header's row included, so "row 7" is the row Excel shows as 7.

Bounded work whatever arrives: the row limit, 60 columns, a workbook whose unpacked size is
unreasonable (a zip bomb) refused before it is opened, reading stopped after a long run of empty
rows (a sheet formatted down to row 1,048,576)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext, ngettext

from tousu.lib.filetypes import sniff
from tousu.lib.spreadsheet import clean_text

from .columns import BY_KEY, COLUMNS, IGNORED, header_key, normalise_header

MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 10  # a title row ("2026年3月来信登记表") may stand above the headers
EMPTY_RUN = 1000  # this many empty rows in a row end the sheet
UNPACKED_FACTOR = 50  # a workbook may unpack to this many times its size, no more
XLSX = "xlsx"
CSV = "csv"


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message says why (never its content)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Row:
    number: int  # the sheet's row number
    values: dict[str, str]  # column key → the cell's text, for the columns the file has


@dataclass
class Table:
    kind: str  # XLSX or CSV
    headers: dict[str, str]  # column key → the header as the file writes it, in file order
    ignored: list[str] = field(default_factory=list)  # headers of no column of ours
    rows: list[Row] = field(default_factory=list)


def read_table(data: bytes, name: str, *, max_rows: int) -> Table:
    """The rows of the file, or FileProblem."""
    kind = _kind_of(data, name)
    lines = _xlsx_lines(data) if kind == XLSX else _csv_lines(data)
    return _table(kind, lines, max_rows)


def _kind_of(data: bytes, name: str) -> str:
    if not data:
        raise FileProblem(gettext("the file is empty"))
    lower = name.lower()
    if data[:4] == b"PK\x03\x04":
        return XLSX  # which kind of zip is checked before it is opened
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem(
            gettext("this is an old Excel file (.xls): save it as .xlsx or .csv and try again")
        )
    if lower.endswith(".xlsx"):
        raise FileProblem(gettext("this file is named .xlsx but is not an Excel workbook"))
    if sniff(data) is not None:  # a picture, a PDF, a recording: by content, whatever its name
        raise FileProblem(gettext("this is not an Excel workbook (.xlsx) nor a CSV file"))
    return CSV


def _is_xlsx(data: bytes) -> bool:
    kind = sniff(data)
    return kind is not None and kind[1] == "xlsx"


# --- xlsx -------------------------------------------------------------------------------------


def _xlsx_lines(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise FileProblem(gettext("the workbook cannot be read (damaged?)")) from None
    if unpacked > max(UNPACKED_FACTOR * len(data), 10 * 1024 * 1024):
        raise FileProblem(gettext("the workbook cannot be read (damaged?)"))
    if not _is_xlsx(data):
        raise FileProblem(gettext("this is not an Excel workbook (.xlsx) nor a CSV file"))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors) on a damaged file
        raise FileProblem(gettext("the workbook cannot be read (damaged?)")) from None
    try:
        if not book.worksheets:
            raise FileProblem(gettext("the workbook has no sheet"))
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong size; read what is there
        lines: list[tuple[int, list[str]]] = []
        empty = 0
        try:
            for number, values in enumerate(
                sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
            ):
                texts = [_text(v) for v in values]
                empty = 0 if any(texts) else empty + 1
                if empty >= EMPTY_RUN:
                    break
                lines.append((number, texts))
        except FileProblem:
            raise
        except Exception:
            raise FileProblem(gettext("the workbook cannot be read (damaged?)")) from None
        return lines
    finally:
        book.close()


def _text(value: object) -> str:
    """A cell's value as the text a clerk sees."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # An ID number typed as a number has lost its last digits: keep it visibly a number
        # ("1.10101199001011e+17") so that validation refuses it rather than a near miss.
        return format(value, ".15g")
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return clean_text(str(value)).strip()


# --- csv --------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise FileProblem(
        gettext("the CSV file is neither UTF-8 nor GB18030 (GBK) text: save it from Excel again")
    )


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", "\t", ";"), key=first.count)


def _csv_lines(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    lines: list[tuple[int, list[str]]] = []
    try:
        for number, values in enumerate(reader, start=1):
            lines.append((number, [clean_text(v).strip() for v in values[:MAX_COLUMNS]]))
    except csv.Error:
        raise FileProblem(
            gettext("the CSV file cannot be read near row %(row)s") % {"row": len(lines) + 1}
        ) from None
    return lines


# --- the table --------------------------------------------------------------------------------


def _table(kind: str, lines: list[tuple[int, list[str]]], max_rows: int) -> Table:
    at = _header_at(lines)
    table = Table(kind=kind, headers={})
    positions: dict[int, str] = {}
    for position, text in enumerate(lines[at][1]):
        if not text:
            continue
        key = header_key(text)
        if key is None:
            if normalise_header(text) not in IGNORED:
                table.ignored.append(text)
            continue
        if key in table.headers:
            raise FileProblem(
                gettext("two columns are both “%(column)s”: keep one") % {"column": key}
            )
        table.headers[key] = text
        positions[position] = key
    missing = [c.key for c in COLUMNS if c.required and c.key not in table.headers]
    if missing:
        names = ", ".join(f"{BY_KEY[k].zh} ({k})" for k in missing)
        raise FileProblem(
            ngettext(
                "the column %(columns)s is missing",
                "the columns %(columns)s are missing",
                len(missing),
            )
            % {"columns": names}
        )
    for number, texts in lines[at + 1 :]:
        values = {key: texts[p] if p < len(texts) else "" for p, key in positions.items()}
        if not any(values.values()):
            continue
        if len(table.rows) == max_rows:
            raise FileProblem(
                gettext("the file has more than %(max)s rows: split it into smaller files")
                % {"max": max_rows}
            )
        table.rows.append(Row(number, values))
    if not table.rows:
        raise FileProblem(gettext("the file has no rows below its header"))
    return table


def _header_at(lines: list[tuple[int, list[str]]]) -> int:
    """The index of the header row: the first of the top rows naming two columns of ours."""
    for index, (_number, texts) in enumerate(lines[:HEADER_SEARCH_ROWS]):
        if sum(1 for t in texts if t and header_key(t)) >= 2:
            return index
    raise FileProblem(
        gettext(
            "no header row found: the first row must name the columns (标题, 内容, … or title, "
            "content, …); download the template"
        )
    )
