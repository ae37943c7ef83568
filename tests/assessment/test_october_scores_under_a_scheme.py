"""The units' scores of October 2026 under a given scheme, computed by hand from the figures of
tests/stats/test_october_unit_figures.py — the worked example of docs/assessment.md."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import time_machine
from django.test import Client

from tests.stats.history import NOW
from tousu.cases.models import Case

from .helpers import OCTOBER, october_scheme, scores

Api = Callable[[str], Client]


def test_unit_a_and_b_in_october(october: dict[str, Case]) -> None:
    """Scheme: 40 × on-time rate + 60 × satisfaction rate; −2 per late completion (cap 10),
    −1 per return, −1.5 per rework (cap 2), −0.5 per case held past its due time.

    Unit A: completed 5, on time 4 → 40 × 0.8 = 32; reached 4, satisfied 3 → 60 × 0.75 = 45;
    1 late completion → −2; 1 return → −1; 2 reworks → −3, capped at −2; 2 cases overdue now
    (reopened, signed_off) → −1. Score 32 + 45 − 2 − 1 − 2 − 1 = 71.00, rank 2.

    Unit B: completed 2, both on time → 40; reached 1, satisfied 1 → 60; nothing deducted.
    Score 100.00, rank 1."""
    october_scheme()
    assert scores(*OCTOBER) == {"unit-b": (100.0, 1), "unit-a": (71.0, 2)}


def test_the_units_table_carries_score_and_rank_best_first(
    api_as: Api, october: dict[str, Case]
) -> None:
    october_scheme()
    with time_machine.travel(NOW, tick=False):
        rows = api_as("analyst").get("/api/v1/stats/units?from=2026-10-01&to=2026-10-31").json()
    assert [(r["unit"], r["score"], r["rank"]) for r in rows] == [
        ("unit-b", 100.0, 1),
        ("unit-a", 71.0, 2),
    ]


def test_the_ranking_shows_how_each_score_was_made(api_as: Api, october: dict[str, Any]) -> None:
    october_scheme()
    with time_machine.travel(NOW, tick=False):
        got = api_as("director").get("/api/v1/assessment/rankings?month=2026-10").json()
    assert (got["month"], got["frozen"], got["computed_at"], got["units"]) == (
        "2026-10",
        False,
        None,
        2,
    )
    assert got["scheme"]["name"] == "2026年10月方案"
    unit_a = got["rows"][1]
    assert (unit_a["unit"], unit_a["score"], unit_a["rank"]) == ("unit-a", 71.0, 2)
    assert unit_a["parts"] == {
        "base": 0.0,
        "items": [
            {"figure": "on_time_rate", "value": 0.8, "points": 32.0},
            {"figure": "satisfaction_rate", "value": 0.75, "points": 45.0},
        ],
        "deductions": [
            {"basis": "late_completed", "count": 1, "points": -2.0},
            {"basis": "returned", "count": 1, "points": -1.0},
            {"basis": "reworked", "count": 2, "points": -2.0},
            {"basis": "overdue_open", "count": 2, "points": -1.0},
        ],
        "adjustments": 0.0,
    }
    assert {
        key: unit_a["figures"][key]
        for key in ("late_completed", "dissatisfied", "upheld_complaint", "criticism", "warning")
    } == {
        "late_completed": 1,
        "dissatisfied": 1,
        "upheld_complaint": 0,
        "criticism": 0,
        "warning": 0,
    }
