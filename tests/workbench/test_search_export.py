"""The search result exported to Excel: Chinese headers, a row per case, identities masked for
the centre and absent for the units, capped and logged."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from time_machine import TimeMachineFixture

from tests.conftest import MONDAY
from tests.workbench.search_helpers import (
    client_for,
    counting_queries,
    export_url,
    sheet_name,
    sheet_rows,
)
from tests.workflow.helpers import advance
from tousu.cases.models import Case, Status
from tousu.cases.registration import NewComplainant, NewRespondent
from tousu.lib.crypto import blind_index
from tousu.workbench import export

Org = dict[str, Any]
MakeCase = Callable[..., Case]

CASE_HEADERS_ZH = [
    "工单编号",
    "类型",
    "来源渠道",
    "标题",
    "诉求分类",
    "承办单位",
    "状态",
    "重要程度",
    "来件时间",
    "登记时间",
    "受理时间",
    "办理时限",
    "当前时限",
]
CASE_HEADERS_EN = [
    "Case number",
    "Kind",
    "Channel",
    "Title",
    "Category",
    "Handling unit",
    "Status",
    "Severity",
    "Received at",
    "Registered at",
    "Accepted at",
    "Handle by",
    "Current deadline",
    "Remaining working days",
    "Overdue",
    "Respondent",
    "Address of the matter",
]


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY + timedelta(hours=1), tick=False)
    return time_machine


def _zh(msgid: str) -> str:
    with translation.override("zh-hans"):
        return gettext(msgid)


def _all_cells(rows: list[list[Any]]) -> str:
    return " ".join(str(cell) for row in rows for cell in row if cell is not None)


def test_the_headers_are_chinese_and_each_case_is_a_row(org: Org, make_case: MakeCase) -> None:
    case = make_case(address="东城区幸福小区3号楼")
    other = make_case(
        title="餐馆油烟扰民",
        complainants=[NewComplainant(name="李四", phone="13900001111")],
        respondent=NewRespondent(name="老王川菜馆"),
        category="food",
        received_at=MONDAY - timedelta(hours=1),
    )
    response = client_for(org["clerk"]).get(export_url(q="13812345678 "))
    assert response["Content-Type"] == export.CONTENT_TYPE
    assert sheet_name(client_for(org["clerk"]).get(export_url(q="电梯"))) == "工单"
    rows = sheet_rows(response)
    assert rows[0] == [
        *CASE_HEADERS_ZH,
        _zh("Remaining working days"),
        _zh("Overdue"),
        "被投诉人",
        "事发地址",
        "诉求人",
        "电话",
    ]
    assert rows[1:] == [
        [
            case.number,
            "投诉",
            "电话",
            "小区电梯长期故障无人维修",
            "物业管理",
            None,
            "待受理",
            "一般",
            datetime(2026, 3, 2, 10, 0),
            datetime(2026, 3, 2, 10, 0),
            None,
            None,
            datetime(2026, 3, 3, 23, 59, 59),
            1,
            "否",
            "幸福物业管理有限公司",
            "东城区幸福小区3号楼",
            "张*",
            "138****5678",
        ]
    ]
    both = sheet_rows(client_for(org["clerk"]).get(export_url(q="", kind="complaint")))
    assert [row[0] for row in both[1:]] == [case.number, other.number]  # newest received first


def test_the_headers_follow_the_users_language(org: Org, make_case: MakeCase) -> None:
    make_case()
    client = client_for(org["unit_a_handler"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert sheet_rows(client.get(export_url(q="电梯")))[0] == CASE_HEADERS_EN


def test_the_clerk_sees_masked_identities_never_full(org: Org, make_case: MakeCase) -> None:
    make_case(
        complainants=[
            NewComplainant(name="张三", phone="13812345678", id_number="110101199001011237"),
            NewComplainant(name="欧阳娜娜", phone="13798765432"),
        ]
    )
    make_case(anonymous=True, complainants=[], title="匿名反映电梯故障")
    rows = sheet_rows(client_for(org["clerk"]).get(export_url(q="电梯")))
    identity = [row[-2:] for row in rows[1:]]
    assert identity == [["匿名", None], ["张*、欧***", "138****5678、137****5432"]]
    cells = _all_cells(rows)
    for secret in ("张三", "欧阳娜娜", "13812345678", "13798765432", "110101199001011237"):
        assert secret not in cells


def test_unit_staff_get_no_identity_columns(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY, unit="unit-a")
    rows = sheet_rows(client_for(org["unit_a_handler"]).get(export_url(q="电梯")))
    assert rows[0] == [
        *CASE_HEADERS_ZH,
        _zh("Remaining working days"),
        _zh("Overdue"),
        "被投诉人",
        "事发地址",
    ]
    assert [row[0] for row in rows[1:]] == [case.number]
    assert rows[1][5:7] == ["市住房和城乡建设局", "办理中"]
    cells = _all_cells(rows)
    assert "张" not in cells and "5678" not in cells


def test_unit_b_exports_nothing_of_unit_as_case(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY, unit="unit-a")
    for q in (case.number, "电梯", "13812345678"):
        rows = sheet_rows(client_for(org["unit_b_handler"]).get(export_url(q=q)))
        assert rows[1:] == [], q


def test_an_empty_search_exports_the_headers_alone(org: Org, make_case: MakeCase) -> None:
    make_case()
    rows = sheet_rows(client_for(org["clerk"]).get(export_url()))
    assert len(rows) == 1
    assert rows[0][0] == "工单编号"


def test_the_file_name_carries_the_date_in_rfc_5987_form(org: Org, make_case: MakeCase) -> None:
    make_case()
    response = client_for(org["clerk"]).get(export_url(q="电梯"))
    name = _zh("Case export") + "-20260302.xlsx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"cases-20260302.xlsx\"; filename*=UTF-8''{quote(name)}"
    )


def test_more_than_the_limit_is_cut_and_says_so(
    org: Org, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "MAX_ROWS", 2)
    cases = [make_case(now=MONDAY - timedelta(hours=n)) for n in range(3)]
    response = client_for(org["clerk"]).get(export_url(q="电梯"))
    assert response["X-Tousu-Truncated"] == "2"
    rows = sheet_rows(response)
    assert [row[0] for row in rows[1:3]] == [cases[0].number, cases[1].number]
    assert rows[3] == [None] * len(rows[0]) or rows[3] == []  # the blank line
    assert rows[4][0] == _zh(
        "Only the first %(limit)s cases are exported. Narrow the search to export the rest."
    ) % {"limit": "2"}


def test_the_export_is_logged_with_user_filters_and_row_count(
    org: Org, make_case: MakeCase, caplog: pytest.LogCaptureFixture
) -> None:
    make_case()
    make_case()
    with caplog.at_level(logging.INFO, logger="tousu.audit"):
        client_for(org["clerk"]).get(export_url(q="13812345678", status=["registered"]))
    records = [r for r in caplog.records if r.name == "tousu.audit"]
    assert [r.getMessage() for r in records] == [
        "export user=clerk rows=2 truncated=False "
        f"params={{'q_hash': '{blind_index('13812345678')}', 'status': ['registered']}}"
    ]


@pytest.mark.parametrize(
    ("term", "rows"),
    [
        ("张三", 1),
        ("13812345678", 1),
        ("138 1234 5678", 1),
        ("110101199001011237", 0),  # ID numbers are not searchable, but typed all the same
        ("11010119900101123x", 0),
    ],
)
def test_the_export_log_keeps_no_name_phone_or_id_number_searched_for(
    org: Org, make_case: MakeCase, caplog: pytest.LogCaptureFixture, term: str, rows: int
) -> None:
    make_case()
    with caplog.at_level(logging.INFO, logger="tousu.audit"):
        client_for(org["clerk"]).get(export_url(q=term))
    [record] = [r for r in caplog.records if r.name == "tousu.audit"]
    assert record.getMessage() == (
        f"export user=clerk rows={rows} truncated=False params={{'q_hash': '{blind_index(term)}'}}"
    )
    message = record.getMessage()
    for secret in ("张三", "张", "1381234", "5678", "110101", "1237", "123x", "123X"):
        assert secret not in message


def test_the_same_number_of_queries_for_1_and_20_rows(org: Org, make_case: MakeCase) -> None:
    client = client_for(org["clerk"])
    url = export_url(q="电梯")
    make_case()
    client.get(url)  # warm the caches
    with counting_queries() as one:
        assert len(sheet_rows(client.get(url))) == 2
    for _ in range(19):
        make_case()
    with counting_queries() as twenty:
        assert len(sheet_rows(client.get(url))) == 21
    assert len(one.captured_queries) == len(twenty.captured_queries)


def test_anonymous_users_cannot_export(org: Org, make_case: MakeCase) -> None:
    make_case()
    response = Client().get(export_url(q="电梯"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    nobody = client_for(org["nobody"]).get(export_url(q="电梯"))
    assert sheet_rows(nobody)[1:] == []


def _export_sheet(response: Any) -> Any:
    """The exported sheet with its cells (not only their values): data types and styles."""
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content)).active


def test_a_formula_a_citizen_wrote_is_exported_as_plain_text(org: Org, make_case: MakeCase) -> None:
    make_case(
        title='=HYPERLINK("http://evil.example/","点此查看电梯维修进度")',
        address="+1+1",
        respondent=NewRespondent(name="@SUM(1,2)"),
        complainants=[NewComplainant(name="-张三", phone="13812345678")],
    )
    sheet = _export_sheet(client_for(org["clerk"]).get(export_url(q="evil")))
    cells = {sheet.cell(1, col).value: sheet.cell(2, col) for col in range(1, sheet.max_column + 1)}
    quoted = {
        "标题": '=HYPERLINK("http://evil.example/","点此查看电梯维修进度")',
        "事发地址": "+1+1",
        "被投诉人": "@SUM(1,2)",
        "诉求人": "-**",
    }
    for header, text in quoted.items():
        assert (cells[header].value, cells[header].data_type, cells[header].quotePrefix) == (
            text,
            "s",
            True,
        ), header
    plain = cells["电话"]
    assert (plain.value, plain.data_type, plain.quotePrefix) == ("138****5678", "s", False)


def test_a_control_character_in_a_case_is_dropped_and_the_export_still_works(
    org: Org, make_case: MakeCase
) -> None:
    make_case(title="电梯\u000b故障\u0001", address="东城区\u001f幸福小区")
    sheet = _export_sheet(client_for(org["clerk"]).get(export_url(q="电梯")))
    assert (sheet["D2"].value, sheet["D2"].data_type) == ("电梯故障", "s")
    assert sheet["Q2"].value == "东城区幸福小区"
