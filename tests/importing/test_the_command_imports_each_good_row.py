"""`tousu import FILE`: one case per row through the one registration path, as the system user
for the public centre unless told otherwise; the last line counts what it did."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine

from tests.conftest import MONDAY
from tousu.cases.models import Case, CaseEvent, Respondent
from tousu.intake.models import InboundMessage
from tousu.orgs.staff import system_user

from .helpers import GOOD, csv_bytes, run_import, write


def test_each_row_becomes_a_case_and_the_last_line_counts_them(
    org: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, "来信登记.csv", csv_bytes(GOOD))
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        lines = run_import(path)
    assert lines == ["imported=2 rejected=0"]
    lift, market = Case.objects.order_by("pk")
    assert (lift.title, lift.kind, lift.channel, lift.status) == (
        "小区电梯长期故障无人维修",
        "complaint",
        "letter",
        "registered",
    )
    assert lift.received_at == datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    assert lift.registered_at == MONDAY + timedelta(hours=1)
    assert lift.centre == org["centre"]
    assert lift.registered_by == system_user()
    assert [(p.name, p.phone) for p in lift.complainants.all()] == [("张三", "13812345678")]
    assert lift.respondent.name == "幸福物业管理有限公司"
    assert (market.kind, market.received_at) == ("report", datetime(2026, 2, 28, 16, 0, tzinfo=UTC))
    assert not Respondent.objects.filter(case=market).exists()
    assert CaseEvent.objects.filter(verb="register").count() == 2
    assert sorted(InboundMessage.objects.values_list("channel", "outcome", "case")) == [
        ("letter", "registered", lift.pk),
        ("letter", "registered", market.pk),
    ]


def test_a_named_clerk_registers_for_their_own_centre(org: dict[str, Any], tmp_path: Path) -> None:
    path = write(tmp_path, "cases.csv", csv_bytes(GOOD[:1]))
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        lines = run_import(path, "--as", "station_clerk")
    assert lines == ["imported=1 rejected=0"]
    case = Case.objects.get()
    assert (case.registered_by, case.centre) == (org["station_clerk"], org["station"])


def test_the_columns_may_be_named_in_english_with_channel_and_external_id(
    org: dict[str, Any], tmp_path: Path
) -> None:
    headers = ("Title", "content", "channel", "external_id", "anonymous", "category", "demands")
    rows = [
        (
            "路灯不亮",
            "幸福路路灯坏了一个月。",
            "上级平台",
            "SJ-2026-1",
            "是",
            "housing",
            "修路灯\n加装监控",
        )
    ]
    path = write(tmp_path, "platform.csv", csv_bytes(rows, headers=headers))
    with time_machine.travel(MONDAY, tick=False):
        assert run_import(path) == ["imported=1 rejected=0"]
    case = Case.objects.get()
    assert case.category is not None
    assert (case.channel, case.external_id, case.anonymous, case.category.code) == (
        "platform",
        "SJ-2026-1",
        True,
        "housing",
    )
    assert list(case.demands.values_list("text", flat=True)) == ["修路灯", "加装监控"]
    assert case.complainants.count() == 0
