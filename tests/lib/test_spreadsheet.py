"""Cell values from outside: formula-like text stays text, control characters are dropped."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tousu.lib.spreadsheet import cell, clean_text, looks_like_formula, row


def _written(*values: Any) -> list[Any]:
    """The cells of a one-row write-only workbook, read back."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    sheet.append(row(sheet, values))
    out = io.BytesIO()
    book.save(out)
    return list(load_workbook(io.BytesIO(out.getvalue())).worksheets[0][1])


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("http://evil.example/","看")', "+86 138", "-5", "@SUM(A1)", "\t=1"],
)
def test_formula_like_text_is_a_quoted_string_cell_with_the_same_value(text: str) -> None:
    [written] = _written(text)
    assert (written.value, written.data_type, written.quotePrefix) == (text, "s", True)


def test_text_starting_with_a_carriage_return_is_quoted_too() -> None:
    # (XML reads a stored carriage return back as a line feed, hence no round trip here.)
    quoted = cell(Workbook(write_only=True).create_sheet("s"), "\r=1+1")
    assert (quoted.value, quoted.data_type, quoted.quotePrefix) == ("\r=1+1", "s", True)


@pytest.mark.parametrize("text", ["电梯故障", "1+1", "a=b", " =1", "138****5678"])
def test_other_text_is_a_plain_string_cell(text: str) -> None:
    [written] = _written(text)
    assert (written.value, written.data_type, written.quotePrefix) == (text, "s", False)


def test_control_characters_xml_cannot_hold_are_dropped_and_the_rest_kept() -> None:
    text = "".join(chr(c) for c in range(0x20)) + "电梯"
    assert clean_text(text) == "\t\n\r电梯"
    [written] = _written("电梯\u000b故障\u0000")
    assert written.value == "电梯故障"


def test_a_formula_behind_a_control_character_is_still_caught() -> None:
    [written] = _written("\u0001=1+1")
    assert (written.value, written.data_type, written.quotePrefix) == ("=1+1", "s", True)


def test_numbers_dates_and_none_pass_unchanged() -> None:
    when = datetime(2026, 3, 2, 10, 0)
    assert [cell(None, v) for v in (-3, 2.5, when, None)] == [-3, 2.5, when, None]
    written = _written(-3, None, when)
    assert [(c.value, c.data_type) for c in written] == [(-3, "n"), (None, "n"), (when, "d")]


def test_the_formula_starts_are_owasps() -> None:
    assert [looks_like_formula(c + "x") for c in "=+-@\t\r a1"] == [True] * 6 + [False] * 3
