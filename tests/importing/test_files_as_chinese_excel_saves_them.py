"""The files a clerk really has: CSV saved by a Chinese Excel (GBK/GB18030), UTF-8 with or
without a BOM, Unicode text (UTF-16, tabs); a workbook with a title row above its headers,
phones typed as numbers and dates as date cells. Each imports the same cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.conftest import MONDAY
from tousu.cases.models import Case

from .helpers import GOOD, csv_bytes, run_import, write, xlsx_bytes

NOW = MONDAY + timedelta(hours=1)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("gbk", ","), ("gb18030", ","), ("utf-8", ","), ("utf-8-sig", ","), ("utf-16", "\t")],
)
def test_a_csv_file_in_any_encoding_excel_writes(
    org: dict[str, Any], tmp_path: Path, encoding: str, delimiter: str
) -> None:
    data = csv_bytes(GOOD, encoding=encoding, delimiter=delimiter)
    path = write(tmp_path, "来信.csv", data)
    with time_machine.travel(NOW, tick=False):
        assert run_import(path) == ["imported=2 rejected=0"]
    assert sorted(Case.objects.values_list("title", "kind")) == [
        ("小区电梯长期故障无人维修", "complaint"),
        ("菜市场缺斤短两", "report"),
    ]
    lift = Case.objects.get(kind="complaint")
    assert [(p.name, p.phone) for p in lift.complainants.all()] == [("张三", "13812345678")]


def test_the_gbk_file_is_not_read_as_mojibake(org: dict[str, Any], tmp_path: Path) -> None:
    """GBK bytes are not valid UTF-8; the detection must not fall back to a Latin reading."""
    data = csv_bytes([("噪音扰民", "楼下烧烤店营业至凌晨", "投诉", "赵六", "13700001234", "", "")])
    path = write(tmp_path, "gbk.csv", data.decode().encode("gbk"))
    with time_machine.travel(NOW, tick=False):
        assert run_import(path) == ["imported=1 rejected=0"]
    assert Case.objects.get().content == "楼下烧烤店营业至凌晨"


def test_a_workbook_with_a_title_row_numbers_and_date_cells(
    org: dict[str, Any], tmp_path: Path
) -> None:
    rows = [
        (
            "小区电梯长期故障无人维修",
            "电梯停运两周。",
            "投诉",
            "张三",
            13812345678,
            "",
            datetime(2026, 3, 2, 9, 30),
        ),
        ("菜市场缺斤短两", "秤不准。", "举报", "李四", "13900001111", "", date(2026, 3, 1)),
        (None, None, None, None, None, None, None),  # an empty row is no row
        ("噪音扰民", "施工到凌晨。", "", "王五", "12345", "", None),
    ]
    data = xlsx_bytes(rows, above=[("2026年3月来信登记表",)])
    path = write(tmp_path, "三月.xlsx", data)
    with time_machine.travel(NOW, tick=False):
        lines = run_import(path)
    # The title row is row 1, the headers row 2: the bad row is the sheet's row 6.
    assert lines[0].startswith("row 6: phone (联系电话): is not a phone number")
    assert lines[1:] == ["imported=2 rejected=1"]
    lift, market = Case.objects.order_by("pk")
    assert lift.complainants.get().phone == "13812345678"
    assert lift.received_at == datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    assert market.received_at == datetime(2026, 2, 28, 16, 0, tzinfo=UTC)


def test_an_id_number_excel_turned_into_a_number_is_refused_not_guessed(
    org: dict[str, Any], tmp_path: Path
) -> None:
    headers = ("标题", "内容", "姓名", "身份证号")
    data = xlsx_bytes([("标题", "内容", "张三", 110101199001011237)], headers=headers)
    path = write(tmp_path, "ids.xlsx", data)
    with time_machine.travel(NOW, tick=False):
        lines = run_import(path)
    assert lines[0].startswith("row 2: id_number (身份证号): ")
    assert lines[1:] == ["imported=0 rejected=1"]
