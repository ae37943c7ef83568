"""A file that cannot be imported at all — not a spreadsheet, an old .xls, damaged, without the
required columns, too long — is refused with one sentence (exit status 1) before any row is
tried: nothing is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError

from tousu.cases.models import Case
from tousu.intake.models import InboundMessage

from .helpers import GOOD, csv_bytes, run_import, write, xlsx_bytes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def zip_of(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cases.csv", b"", "cases.csv: the file is empty"),
        (
            "cases.xls",
            OLE,
            "cases.xls: this is an old Excel file (.xls): save it as .xlsx or .csv and try again",
        ),
        ("photo.csv", PNG, "photo.csv: this is not an Excel workbook (.xlsx) nor a CSV file"),
        (
            "cases.xlsx",
            b"title,content\n",
            "cases.xlsx: this file is named .xlsx but is not an Excel workbook",
        ),
        (
            "cases.xlsx",
            zip_of("notes.txt", b"hello"),
            "cases.xlsx: this is not an Excel workbook (.xlsx) nor a CSV file",
        ),
        (
            "cases.xlsx",
            b"PK\x03\x04" + b"\x00" * 40,
            "cases.xlsx: the workbook cannot be read (damaged?)",
        ),
        (
            "bomb.xlsx",
            zip_of("xl/worksheets/sheet1.xml", b"\x00" * (40 * 1024 * 1024)),
            "bomb.xlsx: the workbook cannot be read (damaged?)",
        ),
        (
            "utf16.csv",
            "标题,内容\n".encode("utf-16-le"),  # UTF-16 without its BOM: no way to tell
            "utf16.csv: the CSV file is neither UTF-8 nor GB18030 (GBK) text: "
            "save it from Excel again",
        ),
        (
            "cases.csv",
            "名字,电话\n张三,138\n".encode(),
            "cases.csv: no header row found: the first row must name the columns "
            "(标题, 内容, … or title, content, …); download the template",
        ),
        (
            "cases.csv",
            "标题,联系电话\n路灯,13812345678\n".encode(),
            "cases.csv: the column 内容 (content) is missing",
        ),
        (
            "cases.csv",
            "标题,title,内容\na,b,c\n".encode(),
            "cases.csv: two columns are both “title”: keep one",
        ),
        (
            "cases.csv",
            "标题,内容\n,\n".encode(),
            "cases.csv: the file has no rows below its header",
        ),
    ],
)
def test_the_file_is_refused_with_its_reason(
    org: dict[str, Any], tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(CommandError) as refused:
        run_import(path)
    assert str(refused.value) == message
    assert (Case.objects.count(), InboundMessage.objects.count()) == (0, 0)


def test_more_rows_than_the_limit_are_refused(
    org: dict[str, Any], tmp_path: Path, settings: Any
) -> None:
    settings.TOUSU_IMPORT_MAX_ROWS = 1
    path = write(tmp_path, "cases.xlsx", xlsx_bytes(GOOD))
    with pytest.raises(CommandError) as refused:
        run_import(path)
    assert (
        str(refused.value)
        == "cases.xlsx: the file has more than 1 rows: split it into smaller files"
    )
    assert Case.objects.count() == 0


def test_a_missing_file_is_named(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as refused:
        run_import(tmp_path / "nowhere.csv")
    assert (
        str(refused.value) == f"cannot read {tmp_path / 'nowhere.csv'}: No such file or directory"
    )


def test_unknown_columns_are_ignored_and_named(org: dict[str, Any], tmp_path: Path) -> None:
    headers = ("标题", "内容", "匿名", "备注")
    path = write(
        tmp_path, "cases.csv", csv_bytes([("路灯", "坏了", "是", "张三的朋友")], headers=headers)
    )
    assert run_import(path) == ["ignored columns: 备注", "imported=1 rejected=0"]
