"""The monthly report (`/api/v1/stats/report.pdf|xlsx?month=`): the statistics of October 2026
from the hand-walked history, read back from the PDF's text and the workbook's cells."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.stats.history import NOW, walk
from tousu.cases.models import Case

Org = dict[str, Any]
Api = Callable[[str], Client]


@pytest.fixture
def october(org: Org, make_case: Callable[..., Case]) -> dict[str, Case]:
    return walk(org, make_case)


@pytest.fixture(autouse=True)
def _the_clock_on_the_2nd_of_november() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_tells_the_months_figures(api_as: Api, october: dict[str, Case]) -> None:
    response = api_as("director").get("/api/v1/stats/report.pdf?month=2026-10")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report-2026-10.pdf"'
    text = pdf_text(response.content).replace("\n", "")  # table cells wrap long names
    assert "市12345热线中心" in text  # the centre's heading
    assert "市住房和城乡建设局" in text and "市市场监督管理局" in text
    assert "80.0%" in text  # unit A's on-time rate
    assert "75.0%" in text  # unit A's satisfaction rate
    assert "500.0%" in text  # six cases against September's one: five more
    reader = PdfReader(io.BytesIO(response.content))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) >= 3  # the daily trend, the category shares, the channels, the units


def test_the_workbook_has_every_table(api_as: Api, october: dict[str, Case]) -> None:
    api = api_as("analyst")
    response = api.get("/api/v1/stats/report.xlsx?month=2026-10", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Summary",
        "Categories",
        "Channels",
        "Kinds",
        "Units",
        "Hot categories",
        "Daily",
    ]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert (summary["Received"], summary["Accepted"], summary["Closed"]) == (6, 6, 3)
    units = list(book["Units"].iter_rows(values_only=True))
    header, rows = units[0], {row[0]: row for row in units[1:]}
    unit_a = dict(zip(header, rows["unit-a"], strict=True))
    assert (unit_a["completed"], unit_a["completed on time"], unit_a["on-time rate"]) == (5, 4, 0.8)
    daily = list(book["Daily"].iter_rows(min_row=2, values_only=True))
    assert len(daily) == 31
    assert [n for _day, n in daily if n] == [5, 1]  # 8 and 9 October


def test_a_unit_leader_and_a_clerk_may_not_have_the_report(api_as: Api, org: Org) -> None:
    for who in ("unit_a_leader", "clerk"):
        response = api_as(who).get("/api/v1/stats/report.pdf?month=2026-10")
        assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "october", ""])
def test_a_bad_month_is_a_422_naming_it(api_as: Api, org: Org, month: str) -> None:
    response = api_as("director").get(f"/api/v1/stats/report.xlsx?month={month}")
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["month"]
