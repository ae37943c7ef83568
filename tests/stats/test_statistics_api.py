"""`GET /api/v1/stats/summary` and `/stats/units` (the contract), their drill-down lists, and who
may read them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.stats.history import NOW, walk
from tousu.cases.models import Case

Org = dict[str, Any]
Api = Callable[[str], Client]
OCTOBER = "from=2026-10-01&to=2026-10-31"


@pytest.fixture
def october(org: Org, make_case: Callable[..., Case]) -> dict[str, Case]:
    return walk(org, make_case)


@pytest.fixture(autouse=True)
def _the_clock_on_the_2nd_of_november() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_summary_has_the_contracts_fields(api_as: Api, october: dict[str, Case]) -> None:
    got = api_as("analyst").get(f"/api/v1/stats/summary?{OCTOBER}").json()
    assert {
        key: got[key]
        for key in ("received", "by_kind", "by_channel", "accepted", "not_accepted", "closed")
    } == {
        "received": 6,
        "by_kind": {"complaint": 6},
        "by_channel": {"phone": 6},
        "accepted": 6,
        "not_accepted": 0,
        "closed": 3,
    }
    assert got["by_category"] == [{"code": "housing", "name": "住房", "count": 6, "share": 1.0}]
    assert got["justified"] == 5


def test_the_units_table_has_the_contracts_fields(api_as: Api, october: dict[str, Case]) -> None:
    rows = api_as("director").get(f"/api/v1/stats/units?{OCTOBER}").json()
    unit_a = next(row for row in rows if row["unit"] == "unit-a")
    assert set(unit_a) >= {
        "unit",
        "assigned",
        "completed",
        "completed_on_time",
        "on_time_rate",
        "overdue_open",
        "returned",
        "extensions",
        "reworked",
        "callbacks",
        "satisfied",
        "satisfaction_rate",
        "score",
        "rank",
    }
    assert (unit_a["completed"], unit_a["on_time_rate"], unit_a["satisfaction_rate"]) == (
        5,
        0.8,
        0.75,
    )


def test_every_number_lists_its_cases(api_as: Api, october: dict[str, Case]) -> None:
    api = api_as("director")
    completed = api.get(f"/api/v1/stats/units?{OCTOBER}&list=completed&unit=unit-a").json()
    # Five completions, of four cases: reworked_twice was completed twice and is listed once.
    names = {"exactly_due", "extended", "reworked_twice", "suspended"}
    assert sorted(item["number"] for item in completed["items"]) == sorted(
        october[name].number for name in names
    )
    assert completed["total"] == 4
    overdue = api.get(f"/api/v1/stats/units?{OCTOBER}&list=overdue_open&unit=unit-a").json()
    assert [item["number"] for item in overdue["items"]] == [
        october["signed_off"].number,  # due 21 October
        october["reopened"].number,  # due 23 October
    ]
    closed = api.get(f"/api/v1/stats/summary?{OCTOBER}&list=closed").json()
    assert sorted(item["number"] for item in closed["items"]) == sorted(
        october[name].number for name in ("extended", "reworked_twice", "returned")
    )


def test_a_unit_leader_reads_their_own_row_and_cases_only(
    api_as: Api, october: dict[str, Case]
) -> None:
    leader = api_as("unit_b_leader")
    rows = leader.get(f"/api/v1/stats/units?{OCTOBER}").json()
    assert [row["unit"] for row in rows] == ["unit-b"]
    own = leader.get(f"/api/v1/stats/units?{OCTOBER}&list=completed&unit=unit-b").json()
    assert sorted(item["number"] for item in own["items"]) == sorted(
        october[name].number for name in ("returned", "reopened")
    )
    other = leader.get(f"/api/v1/stats/units?{OCTOBER}&list=completed&unit=unit-a")
    assert other.status_code == 404
    assert leader.get(f"/api/v1/stats/summary?{OCTOBER}").status_code == 403


@pytest.mark.parametrize("who", ["clerk", "unit_a_handler", "nobody"])
def test_others_may_not_read_statistics(api_as: Api, org: Org, who: str) -> None:
    response = api_as(who).get(f"/api/v1/stats/units?{OCTOBER}")
    assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")


def test_without_a_token_the_answer_is_401(org: Org) -> None:
    assert Client().get(f"/api/v1/stats/summary?{OCTOBER}").status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-13-01&to=2026-10-31", "from"),
        ("to=2026-10-31", "from"),
        (f"{OCTOBER}&category=nonesuch", "category"),
        (f"{OCTOBER}&centre=nonesuch", "centre"),
        (f"{OCTOBER}&channel=pigeon", "channel"),
        (f"{OCTOBER}&list=everything", "list"),
        (f"{OCTOBER}&list=completed", "unit"),
    ],
)
def test_bad_filters_are_a_422_naming_the_field(
    api_as: Api, org: Org, query: str, field: str
) -> None:
    response = api_as("analyst").get(f"/api/v1/stats/units?{query}")
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]


def test_a_period_that_ends_before_it_starts_is_refused(api_as: Api, org: Org) -> None:
    response = api_as("analyst").get("/api/v1/stats/summary?from=2026-10-31&to=2026-10-01")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_a_list_costs_the_same_queries_for_one_case_or_many(
    api_as: Api, org: Org, make_case: Callable[..., Case]
) -> None:
    api = api_as("analyst")
    url = "/api/v1/stats/summary?from=2026-10-01&to=2026-10-31&list=received"
    make_case(now=NOW.replace(month=10, day=12))
    api.get(url)  # counts the registration; warms the caches
    with CaptureQueriesContext(connection) as one:
        assert api.get(url).json()["total"] == 1
    for day in range(13, 20):
        make_case(now=NOW.replace(month=10, day=day))
    api.get(url)
    with CaptureQueriesContext(connection) as eight:
        assert api.get(url).json()["total"] == 8
    assert len(eight.captured_queries) == len(one.captured_queries) <= 15
