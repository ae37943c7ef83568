"""Every table of the dashboard exports as an Excel workbook with the numbers of the page: read
back with openpyxl, the league table has unit A's figures (rates as numbers, formatted as
percentages), its totals, and the period; the file is named after the table and the period."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tousu.cases.models import Case
from tousu.workbench.views.dashboard_cells import CENTRE_TABLES

from .helpers import OCTOBER, client_for, dashboard_url, sheet_rows

Org = dict[str, Any]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_league_table_exports_with_the_same_numbers(org: Org, october: dict[str, Case]) -> None:
    response = client_for(org["director"], "en").get(dashboard_url(**OCTOBER, export="league"))
    assert response["Content-Type"] == XLSX
    rows = sheet_rows(response)
    assert rows[0] == [
        "Unit",
        "Rank",
        "Score",
        "Assigned",
        "Completed",
        "Completed on time",
        "On-time rate",
        "Overdue now",
        "Returned",
        "Extension requests",
        "Reworked",
    ]
    by_name = {row[0]: row for row in rows[1:] if row and row[0]}
    unit_a = by_name["市住房和城乡建设局"]
    assert unit_a[3:] == [6, 5, 4, 0.8, 2, 1, 1, 2]
    assert by_name["市市场监督管理局"][3:] == [2, 2, 2, 1.0, 0, 0, 0, 0]
    assert by_name["All units"][3:] == [8, 7, 6, 0.8571, 2, 1, 1, 2]
    assert ["From", "2026-10-01"] in rows
    assert ["To", "2026-10-31"] in rows


def test_the_rates_keep_their_percent_format(org: Org, october: dict[str, Case]) -> None:
    response = client_for(org["director"]).get(dashboard_url(**OCTOBER, export="satisfaction"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    unit_a = next(row for row in sheet.iter_rows() if row[0].value == "市住房和城乡建设局")
    rate = unit_a[4]
    assert (rate.value, rate.number_format) == (0.75, "0.0%")


def test_the_file_is_named_after_the_table_and_the_period(
    org: Org, october: dict[str, Case]
) -> None:
    response = client_for(org["director"], "en").get(dashboard_url(**OCTOBER, export="league"))
    assert response["Content-Disposition"] == (
        'attachment; filename="dashboard-league-2026-10-01_2026-10-31.xlsx"; '
        "filename*=UTF-8''Statistics-Unit%20league%20table-2026-10-01_2026-10-31.xlsx"
    )


@pytest.mark.parametrize("table", CENTRE_TABLES)
def test_every_table_of_the_page_exports(org: Org, october: dict[str, Case], table: str) -> None:
    response = client_for(org["analyst"]).get(dashboard_url(**OCTOBER, export=table))
    assert response.status_code == 200
    assert len(sheet_rows(response)) > 1


def test_an_unknown_table_is_not_found(org: Org, october: dict[str, Case]) -> None:
    response = client_for(org["director"]).get(dashboard_url(**OCTOBER, export="nonsense"))
    assert response.status_code == 404


def test_each_table_links_to_its_export(org: Org, october: dict[str, Case]) -> None:
    html = client_for(org["director"]).get(dashboard_url(**OCTOBER)).content.decode()
    for table in CENTRE_TABLES:
        assert (
            f'id="export-{table}" href="/dashboard/?from=2026-10-01&amp;to=2026-10-31'
            f'&amp;export={table}"'
        ) in html
