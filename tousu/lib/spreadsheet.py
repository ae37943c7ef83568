"""Values for a spreadsheet cell that come from people outside: safe to open, never a 500.

Two dangers in what citizens write (through any channel, into any text field):
- a formula: text starting with "=" is stored by openpyxl as a live formula, and text starting
  with "+", "-", "@", a tab or a carriage return becomes one as soon as someone edits the cell
  (OWASP's CSV-injection list). `=HYPERLINK("http://evil", "点此查看")` in a case title would
  be one click away for every analyst. Such text is written as an explicit string cell with
  Excel's quote prefix — what Excel itself does when one types '=… — so the value stays
  exactly as the citizen wrote it and is never evaluated, not even after editing;
- a control character (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F) that XML 1.0 cannot hold:
  openpyxl refuses it with an exception. It carries no meaning in a case, so it is dropped.

Every writer of a workbook (the search export, later reports) passes its values through
`cell`/`row`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str) -> str:
    """The text without the characters a worksheet's XML cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def cell(sheet: Any, value: Any) -> Any:
    """`value` ready for `sheet.append`: text cleaned, formula-like text as a quoted string
    cell; numbers, dates and None unchanged."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    if not looks_like_formula(text):
        return text
    quoted = WriteOnlyCell(sheet, value=text)
    quoted.data_type = "s"
    quoted.quotePrefix = True
    return quoted


def row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row of values for `sheet.append`, each through `cell`."""
    return [cell(sheet, value) for value in values]
