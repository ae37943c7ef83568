"""The downloads: the template (headers in the page's language, an example row that imports,
the instructions) and the error report (the rows with problems, why, and their own cells under
the file's headers, safe to open: a formula stays text) — which imports again once corrected."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import time_machine
from openpyxl import load_workbook

from tests.conftest import MONDAY
from tousu.cases.models import Case
from tousu.intake.importing import jobs
from tousu.intake.importing.models import ImportJob
from tousu.lib.fields import Sealed

from .helpers import BAD_PHONE, GOOD, csv_bytes, read_xlsx, run_import, write, xlsx_bytes
from .workbench_helpers import client_for, job_id, upload

NOW = MONDAY + timedelta(hours=1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_template_in_chinese_has_the_headers_and_an_example_that_imports(
    org: dict[str, Any], tmp_path: Path
) -> None:
    response = client_for(org["clerk"], language="zh-hans").get("/imports/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="tousu-import-template.xlsx"'
    rows = read_xlsx(response.content)
    assert rows[0][:5] == ["外部编号", "来源渠道", "诉求类型", "标题", "内容"]
    assert len(rows) == 2
    instructions = read_xlsx(response.content, sheet=1)
    assert instructions[4][:2] == ["标题", "title"]
    path = write(tmp_path, "template.xlsx", response.content)
    with time_machine.travel(NOW, tick=False):
        assert run_import(path) == ["imported=1 rejected=0"]
    case = Case.objects.get()
    assert (case.title, case.external_id, case.channel) == (
        "小区电梯长期故障无人维修",
        "SJ-2026-000123",
        "letter",
    )


def test_the_template_in_english_has_english_headers(org: dict[str, Any]) -> None:
    response = client_for(org["clerk"]).get("/imports/template.xlsx")
    assert read_xlsx(response.content)[0][:5] == [
        "external_id",
        "channel",
        "kind",
        "title",
        "content",
    ]


def test_the_error_report_lists_each_bad_row_and_imports_again_once_corrected(
    org: dict[str, Any], tmp_path: Path
) -> None:
    formula = ('=HYPERLINK("http://evil","点此")', "内容", "投诉", "赵六", "138", "", "")
    client = client_for(org["clerk"])
    # A CSV: its "=…" is text as the citizen wrote it (an .xlsx cell would be a formula).
    pk = job_id(upload(client, "cases.csv", csv_bytes([GOOD[0], BAD_PHONE, formula])))
    response = client.get(f"/imports/{pk}/problems.xlsx")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="tousu-import-{pk}-problems.xlsx"'
    )
    rows = read_xlsx(response.content)
    assert rows[0] == [
        "row",
        "problems",
        "标题",
        "内容",
        "诉求类型",
        "投诉人姓名",
        "联系电话",
        "被投诉对象",
        "收到时间",
    ]
    assert [r[0] for r in rows[1:]] == [3, 4]
    assert str(rows[1][1]).startswith("联系电话: is not a phone number")
    assert rows[1][2:] == [
        "夜间施工噪音扰民",
        "工地每晚施工到凌晨两点。",
        "投诉",
        "王五",
        "12345",
        None,
        None,
    ]
    assert rows[2][2] == '=HYPERLINK("http://evil","点此")'  # a string cell, not a formula
    cell = load_workbook(io.BytesIO(response.content)).worksheets[0]["C3"]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)

    # Corrected in the report itself and imported as it is: the two extra columns are ignored.
    corrected = xlsx_bytes(
        [[row[0], row[1], *row[2:6], "13700001234", *row[7:]] for row in rows[1:2]],
        headers=rows[0],  # type: ignore[arg-type]
    )
    path = write(tmp_path, "corrected.xlsx", corrected)
    with time_machine.travel(NOW, tick=False):
        assert run_import(path) == ["imported=1 rejected=0"]


def test_a_file_without_problems_has_no_error_report(org: dict[str, Any]) -> None:
    client = client_for(org["clerk"])
    pk = job_id(upload(client, "cases.xlsx", xlsx_bytes(GOOD)))
    assert client.get(f"/imports/{pk}/problems.xlsx").status_code == 404


def test_after_the_import_only_the_rows_with_problems_stay_sealed_in_the_job(
    org: dict[str, Any],
) -> None:
    client = client_for(org["clerk"])
    pk = job_id(upload(client, "cases.xlsx", xlsx_bytes([GOOD[0], BAD_PHONE])))
    jobs.confirm(ImportJob.objects.get(pk=pk), NOW)
    assert jobs.run(pk, clock=lambda: NOW) == "imported=1 skipped=0 rejected=1"
    job = ImportJob.objects.get(pk=pk)
    assert [row.number for row in jobs.open_rows(job)] == [3]
    stored = ImportJob.objects.filter(pk=pk).values_list("rows", flat=True).get()
    assert isinstance(stored, Sealed) and stored.token.startswith("v2:")
    assert [r[0] for r in read_xlsx(client.get(f"/imports/{pk}/problems.xlsx").content)] == [
        "row",
        3,
    ]
