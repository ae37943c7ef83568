"""The units table of October 2026, from the hand-walked history of tests/stats/history.py:
every number is known in advance, case by case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tests.stats.history import NOW, walk
from tousu.cases.models import Case
from tousu.stats import rollup
from tousu.stats.query import Filters, Scope, unit_figures

Org = dict[str, Any]
OCTOBER = Filters(start=date(2026, 10, 1), end=date(2026, 10, 31))
SEPTEMBER = Filters(start=date(2026, 9, 1), end=date(2026, 9, 30))


@pytest.fixture
def october(org: Org, make_case: Callable[..., Case]) -> dict[str, Case]:
    cases = walk(org, make_case)
    rollup.catch_up(NOW)
    return cases


def rows(f: Filters) -> dict[str, dict[str, Any]]:
    return {row["unit"]: row for row in unit_figures(f, Scope(None), NOW)}


def test_unit_a_in_october(october: dict[str, Case]) -> None:
    assert rows(OCTOBER)["unit-a"] == {
        "unit": "unit-a",
        "name": "市住房和城乡建设局",
        # extended, reworked_twice, suspended, returned (before its return), reopened (its
        # second transfer), signed_off (on the day of the sign-off, not of the transfer)
        "assigned": 6,
        # exactly_due, extended, reworked_twice (twice), suspended
        "completed": 5,
        # all but reworked_twice's first result, which came after its due time
        "completed_on_time": 4,
        "on_time_rate": 0.8,
        "overdue_open": 2,  # reopened (due 23 October) and signed_off (due 21 October)
        "returned": 1,  # returned
        "extensions": 1,  # extended
        "reworked": 2,  # reworked_twice: the dissatisfied callback and the refused review
        # exactly_due, extended, reworked_twice (twice); suspended waits for its callback
        "callbacks": 4,
        "reached": 4,
        "satisfied": 3,  # all but reworked_twice's dissatisfied first callback
        "satisfaction_rate": 0.75,
    }


def test_unit_b_in_october(october: dict[str, Case]) -> None:
    assert rows(OCTOBER)["unit-b"] == {
        "unit": "unit-b",
        "name": "市市场监督管理局",
        "assigned": 2,  # returned (from unit A), reopened (its first transfer)
        "completed": 2,
        "completed_on_time": 2,
        "on_time_rate": 1.0,
        "overdue_open": 0,
        "returned": 0,
        "extensions": 0,
        "reworked": 0,
        # reopened: satisfied before it was reopened; returned: unreachable three times,
        # which is one callback that did not reach the complainant
        "callbacks": 2,
        "reached": 1,
        "satisfied": 1,
        "satisfaction_rate": 1.0,
    }


def test_a_transfer_counts_in_the_month_it_reached_the_unit(october: dict[str, Case]) -> None:
    september = rows(SEPTEMBER)["unit-a"]
    assert (september["assigned"], september["completed"], september["callbacks"]) == (1, 0, 0)


def test_the_rollup_equals_a_full_recount(october: dict[str, Case]) -> None:
    assert rollup.differences() == {}
