"""A unit's history: its score and rank in each of the last months, the frozen ones as frozen,
the others (this month included) computed now by the scheme of their own month."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import time_machine
from django.test import Client

from tests.stats.history import NOW
from tests.workflow.helpers import shanghai
from tousu.assessment import ranking
from tousu.cases.models import Case

from .helpers import october_scheme, work_done

Api = Callable[[str], Client]


def test_three_months_of_unit_a(
    api_as: Api, org: dict[str, object], make_case: Callable[..., Case], october: dict[str, Case]
) -> None:
    """September: the default scheme (40 × on-time rate + 60 × satisfaction rate, full points
    with nothing to divide by; deductions for late completions, returns, reworks, upheld
    complaints and sanctions): unit A was sent a case on 30 September and completed nothing →
    100.00, first of one (unit B had no case in September: not ranked). October: frozen, 71.00,
    second. November so far: October's scheme still applies (no newer one): nothing completed →
    40 + 60; two cases overdue now → −1 → 99.00, second to unit B, which completed a case on
    time on 2 November (100.00)."""
    work_done(org, make_case, "unit-b", shanghai(2026, 11, 2, 9))
    october_scheme()
    ranking.freeze(date(2026, 10, 1), NOW)
    with time_machine.travel(NOW, tick=False):
        got = api_as("supervisor").get("/api/v1/assessment/units/unit-a/history?months=3").json()
    assert got == {
        "unit": "unit-a",
        "name": "市住房和城乡建设局",
        "months": [
            {"month": "2026-09", "score": 100.0, "rank": 1, "units": 1, "frozen": False},
            {"month": "2026-10", "score": 71.0, "rank": 2, "units": 2, "frozen": True},
            {"month": "2026-11", "score": 99.0, "rank": 2, "units": 2, "frozen": False},
        ],
    }


def test_the_number_of_months_is_bounded(api_as: Api, october: dict[str, Case]) -> None:
    with time_machine.travel(NOW, tick=False):
        api = api_as("analyst")
        too_many = api.get("/api/v1/assessment/units/unit-a/history?months=37")
        a_year = api.get("/api/v1/assessment/units/unit-a/history").json()["months"]
    assert too_many.status_code == 422
    assert [m["month"] for m in a_year][:2] == ["2025-12", "2026-01"]
    assert len(a_year) == 12
