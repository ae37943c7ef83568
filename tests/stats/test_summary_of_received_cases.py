"""The summary counts the cases received in the period, by what became of them (the contract's
`stats/summary`), from the hand-walked history of tests/stats/history.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tests.stats.history import NOW, walk
from tests.workflow.helpers import shanghai
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.stats import rollup
from tousu.stats.query import Filters, Scope, series, summary

Org = dict[str, Any]
OCTOBER = Filters(start=date(2026, 10, 1), end=date(2026, 10, 31))


@pytest.fixture
def october(org: Org, make_case: Callable[..., Case]) -> dict[str, Case]:
    cases = walk(org, make_case)
    # One more received in October, refused at intake.
    refused = make_case(now=shanghai(2026, 10, 20), title="咨询公积金")
    wf.reject(refused, actor=org["clerk"], now=shanghai(2026, 10, 20, 11), reason="不属于受理范围")
    cases["refused"] = refused
    rollup.catch_up(NOW)
    return cases


def test_october_received_and_what_became_of_them(october: dict[str, Case]) -> None:
    got = summary(OCTOBER, Scope(None))
    # exactly_due was received in September; the six others and the refused one in October.
    assert (got["received"], got["accepted"], got["not_accepted"], got["referred"]) == (7, 6, 1, 0)
    # closed: extended, reworked_twice, returned (unreachable); the reopened one is open again
    assert got["closed"] == 3
    # justified: every result submitted said so (extended, reworked_twice, suspended, returned,
    # reopened — its first result stays on the case after the reopening)
    assert (got["justified"], got["unjustified"], got["valid"], got["invalid"]) == (5, 0, 0, 0)
    assert got["by_kind"] == {"complaint": 7}
    assert got["by_channel"] == {"phone": 7}
    assert got["by_severity"] == {"general": 6, "important": 1}


def test_category_shares_are_counted_at_the_top_of_the_tree(october: dict[str, Case]) -> None:
    # Every case of the history is filed under 物业管理 (property), below 住房 (housing).
    assert summary(OCTOBER, Scope(None))["by_category"] == [
        {"code": "housing", "name": "住房", "count": 7, "share": 1.0}
    ]
    below = summary(Filters(OCTOBER.start, OCTOBER.end, category="housing"), Scope(None))
    assert below["by_category"] == [
        {"code": "property", "name": "物业管理", "count": 7, "share": 1.0}
    ]


def test_month_on_month_and_year_on_year(october: dict[str, Case]) -> None:
    compare = summary(OCTOBER, Scope(None))["compare"]
    # The 31 days before October: 31 August – 30 September, with exactly_due.
    assert compare["previous"] == {
        "from": "2026-08-31",
        "to": "2026-09-30",
        "received": 1,
        "change": 6.0,
    }
    assert compare["last_year"] == {
        "from": "2025-10-01",
        "to": "2025-10-31",
        "received": 0,
        "change": None,
    }


def test_hot_categories_with_the_period_before(october: dict[str, Case]) -> None:
    assert summary(OCTOBER, Scope(None))["hot_categories"] == [
        {"code": "property", "name": "物业管理", "count": 7, "previous": 1, "change": 6.0}
    ]


def test_a_filter_narrows_every_figure(october: dict[str, Case]) -> None:
    important = summary(Filters(OCTOBER.start, OCTOBER.end, severity="important"), Scope(None))
    assert (important["received"], important["accepted"], important["closed"]) == (1, 1, 0)
    other_centre = summary(OCTOBER, Scope(frozenset({-1})))
    assert (other_centre["received"], other_centre["by_category"]) == (0, [])


def test_the_trend_has_every_day_and_every_month(october: dict[str, Case]) -> None:
    days = dict(series(OCTOBER, Scope(None)))
    assert (len(days), days[date(2026, 10, 8)], days[date(2026, 10, 9)]) == (31, 5, 1)
    assert days[date(2026, 10, 20)] == 1  # refused
    assert sum(days.values()) == 7
    autumn = Filters(date(2026, 8, 15), date(2026, 10, 31))
    assert series(autumn, Scope(None), by="month") == [
        (date(2026, 8, 1), 0),
        (date(2026, 9, 1), 1),
        (date(2026, 10, 1), 7),
    ]
