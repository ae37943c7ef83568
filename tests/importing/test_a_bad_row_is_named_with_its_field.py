"""A row that `register` would refuse is rejected alone: the command names its row number (the
sheet's own, the header is row 1) and the column at fault, stores nothing of it, and imports the
rows around it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import time_machine

from tests.conftest import MONDAY
from tousu.cases.models import Case, Complainant
from tousu.intake.models import InboundMessage

from .helpers import BAD_PHONE, GOOD, csv_bytes, run_import, write

NOW = MONDAY + timedelta(hours=1)
PHONE_PROBLEM = (
    "is not a phone number: give a mobile (13812345678), a landline with its area code "
    "(010-12345678), a 400/800 number or an international number starting with +"
)


def test_the_bad_row_is_listed_with_its_number_and_field_and_the_others_are_imported(
    org: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, "cases.csv", csv_bytes([GOOD[0], BAD_PHONE, GOOD[1]]))
    with time_machine.travel(NOW, tick=False):
        lines = run_import(path)
    assert lines == [f"row 3: phone (联系电话): {PHONE_PROBLEM}", "imported=2 rejected=1"]
    assert sorted(Case.objects.values_list("title", flat=True)) == [
        "小区电梯长期故障无人维修",
        "菜市场缺斤短两",
    ]
    assert Complainant.objects.count() == 2  # 张三 and 李四
    assert InboundMessage.objects.count() == 2


def test_every_problem_of_a_row_is_listed_under_its_own_column(
    org: dict[str, Any], tmp_path: Path
) -> None:
    headers = ("title", "content", "kind", "received_at", "category", "latitude")
    rows = [("", "内容", "投诉信", "2026-02-30", "no-such", "abc")]
    path = write(tmp_path, "cases.csv", csv_bytes(rows, headers=headers))
    with time_machine.travel(NOW, tick=False):
        lines = run_import(path)
    assert lines == [
        "row 2: title: is required",
        "row 2: kind: must be one of complaint, consultation, help, praise, report, suggestion",
        "row 2: received_at: is not a date of the calendar",
        "row 2: category: no active category has this code",
        "row 2: latitude: is not a decimal number",
        "row 2: name: give a name or a phone number, or mark the case anonymous",
        "imported=0 rejected=1",
    ]
    assert Case.objects.count() == 0


def test_a_date_in_the_future_is_refused(org: dict[str, Any], tmp_path: Path) -> None:
    rows = [("标题", "内容", "投诉", "张三", "13812345678", "", "2026-03-03 10:00")]
    path = write(tmp_path, "cases.csv", csv_bytes(rows))
    with time_machine.travel(NOW, tick=False):
        lines = run_import(path)
    assert lines == [
        "row 2: received_at (收到时间): must not be in the future",
        "imported=0 rejected=1",
    ]
