"""What the import tests share: files as a clerk's Excel would save them, and the command run
as `tousu import` runs it."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

HEADERS = ("标题", "内容", "诉求类型", "投诉人姓名", "联系电话", "被投诉对象", "收到时间")
GOOD = (
    (
        "小区电梯长期故障无人维修",
        "3号楼电梯停运两周，物业不予维修。",
        "投诉",
        "张三",
        "13812345678",
        "幸福物业管理有限公司",
        "2026-03-02 09:30",
    ),
    (
        "菜市场缺斤短两",
        "东门菜市场多家摊位秤不准。",
        "举报",
        "李四",
        "13900001111",
        "",
        "2026-03-01",
    ),
)
BAD_PHONE = ("夜间施工噪音扰民", "工地每晚施工到凌晨两点。", "投诉", "王五", "12345", "", "")


def csv_bytes(
    rows: Sequence[Sequence[str]],
    headers: Sequence[str] = HEADERS,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> bytes:
    out = StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(
    rows: Sequence[Sequence[object]],
    headers: Sequence[str] = HEADERS,
    above: Sequence[Sequence[object]] = (),
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in above:
        sheet.append(list(line))
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_xlsx(data: bytes, sheet: int = 0) -> list[list[object]]:
    book = load_workbook(io.BytesIO(data))
    return [list(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]


def run_import(path: Path, *args: str) -> list[str]:
    """`tousu import PATH ARGS…` as the console runs it; the lines it printed (in English, the
    msgids the assertions use; the console speaks the centre's language, Chinese)."""
    out = StringIO()
    with translation.override("en"):
        call_command("import_cases", str(path), *args, stdout=out)
    return out.getvalue().splitlines()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
