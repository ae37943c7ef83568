"""Each row is imported once, however often its file is run: the same file again, a row copied
into a later file, a row twice in one file, a row whose external id came in another way."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import time_machine

from tests.conftest import MONDAY, new_case
from tousu.cases.models import Case
from tousu.cases.registration import register
from tousu.intake.models import InboundMessage

from .helpers import BAD_PHONE, GOOD, csv_bytes, run_import, write

NOW = MONDAY + timedelta(hours=1)


def test_the_same_file_twice_imports_its_rows_once(org: dict[str, Any], tmp_path: Path) -> None:
    path = write(tmp_path, "cases.csv", csv_bytes([*GOOD, BAD_PHONE]))
    with time_machine.travel(NOW, tick=False):
        first = run_import(path)
        again = run_import(path)
    numbers = list(Case.objects.order_by("pk").values_list("number", flat=True))
    assert first[-1] == "imported=2 rejected=1"
    assert again[:2] == [
        f"row 2: already imported as {numbers[0]}",
        f"row 3: already imported as {numbers[1]}",
    ]
    assert again[2].startswith("row 4: phone (联系电话): ")
    assert again[3:] == ["skipped=2 (already imported)", "imported=0 rejected=1"]
    assert (Case.objects.count(), InboundMessage.objects.count()) == (2, 2)


def test_a_corrected_row_is_imported_and_the_rest_not_again(
    org: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, "cases.csv", csv_bytes([*GOOD, BAD_PHONE]))
    fixed = (*BAD_PHONE[:4], "13700001234", *BAD_PHONE[5:])
    with time_machine.travel(NOW, tick=False):
        run_import(path)
        path.write_bytes(csv_bytes([*GOOD, fixed]))
        lines = run_import(path)
    assert lines[-2:] == ["skipped=2 (already imported)", "imported=1 rejected=0"]
    assert Case.objects.count() == 3


def test_a_row_twice_in_one_file_is_imported_once(org: dict[str, Any], tmp_path: Path) -> None:
    path = write(tmp_path, "cases.csv", csv_bytes([GOOD[0], GOOD[0]]))
    with time_machine.travel(NOW, tick=False):
        lines = run_import(path)
    number = Case.objects.get().number
    assert lines == [
        f"row 3: already imported as {number}",
        "skipped=1 (already imported)",
        "imported=1 rejected=0",
    ]


def test_a_row_whose_external_id_came_in_by_the_api_is_skipped(
    org: dict[str, Any], tmp_path: Path
) -> None:
    earlier = register(
        new_case(channel="platform", external_id="SJ-2026-7"), actor=org["clerk"], now=MONDAY
    )
    headers = ("标题", "内容", "来源渠道", "外部编号", "匿名")
    rows = [("路灯不亮", "幸福路路灯坏了。", "上级平台", "SJ-2026-7", "是")]
    path = write(tmp_path, "platform.csv", csv_bytes(rows, headers=headers))
    with time_machine.travel(NOW, tick=False):
        lines = run_import(path)
    assert lines == [
        f"row 2: already imported as {earlier.number}",
        "skipped=1 (already imported)",
        "imported=0 rejected=0",
    ]
    assert Case.objects.count() == 1
