"""A unit's leader reads their own unit's figures, score and rank (among all units) and its
history; another unit's history, sanctions and adjustments do not exist for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.stats.history import NOW
from tousu.cases.models import Case

from .helpers import october_scheme

Api = Callable[[str], Client]


@pytest.fixture(autouse=True)
def _the_clock_on_the_2nd_of_november() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_ranking_has_one_row_their_own_ranked_among_all(
    api_as: Api, october: dict[str, Case]
) -> None:
    october_scheme()
    response = api_as("unit_a_leader").get("/api/v1/assessment/rankings?month=2026-10")
    assert response.status_code == 200
    got = response.json()
    assert got["units"] == 2
    assert [(r["unit"], r["score"], r["rank"]) for r in got["rows"]] == [("unit-a", 71.0, 2)]


def test_the_units_table_has_their_row_only(api_as: Api, october: dict[str, Case]) -> None:
    october_scheme()
    rows = api_as("unit_b_leader").get("/api/v1/stats/units?from=2026-10-01&to=2026-10-31").json()
    assert [(r["unit"], r["score"], r["rank"]) for r in rows] == [("unit-b", 100.0, 1)]


def test_their_own_history_is_there_and_another_units_is_not(
    api_as: Api, october: dict[str, Case]
) -> None:
    october_scheme()
    leader = api_as("unit_a_leader")
    own = leader.get("/api/v1/assessment/units/unit-a/history?months=2")
    assert own.status_code == 200
    assert own.json()["months"][0] == {
        "month": "2026-10",
        "score": 71.0,
        "rank": 2,
        "units": 2,
        "frozen": False,
    }
    for path in (
        "/api/v1/assessment/units/unit-b/history",
        "/api/v1/units/unit-b/sanctions",
        "/api/v1/units/unit-b/adjustments",
    ):
        assert leader.get(path).status_code == 404, path


@pytest.mark.parametrize("username", ["unit_a_handler", "clerk", "nobody"])
def test_people_who_read_no_statistics_read_no_assessment(
    api_as: Api, october: dict[str, Case], username: str
) -> None:
    api = api_as(username)
    assert api.get("/api/v1/assessment/rankings?month=2026-10").status_code == 403
    assert api.get("/api/v1/assessment/units/unit-a/history").status_code == 403
