"""A unit that did no work in the period (nothing assigned, completed, held past its due time,
returned, extended, reworked, called back) and has no sanction, adjustment or upheld complaint
has nothing to be assessed on: it is listed without a score or rank, after the ranked units, and
takes no rank from anyone — an idle unit is not the best one (docs/assessment.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.api.helpers import post_json
from tests.stats.history import NOW
from tests.workflow.helpers import shanghai
from tousu.assessment import ranking
from tousu.cases.models import Case
from tousu.orgs.models import Unit, UnitKind
from tousu.orgs.staff import invalidate_unit_tree

from .helpers import OCTOBER, make_scheme, scores

Api = Callable[[str], Client]


@pytest.fixture
def idle(org: dict[str, Any], october: dict[str, Case]) -> Unit:
    """A third unit with no case at all; its code sorts before unit A and unit B, so it would
    be listed first were it ranked on a par with them. Base 100, −2 per return, −5 per
    circular of criticism, full points for nothing done: unit B 100.00, unit A 98.00."""
    unit = Unit.objects.create(code="unit-0", name="市交通运输局", kind=UnitKind.DEPARTMENT)
    invalidate_unit_tree()
    make_scheme(
        date(2026, 10, 1),
        base="100",
        deductions=[("returned", "2", None), ("criticism", "5", None)],
    )
    return unit


def test_a_unit_with_no_work_has_no_score_nor_rank_and_comes_last(api_as: Api, idle: Unit) -> None:
    assert list(scores(*OCTOBER).items()) == [
        ("unit-b", (100.0, 1)),
        ("unit-a", (98.0, 2)),
        ("unit-0", (None, None)),
    ]
    live = ranking.live(*OCTOBER, NOW)
    assert [(r.unit, r.score, r.rank, r.parts) for r in live.rows][2] == (
        "unit-0",
        None,
        None,
        {},
    )
    with time_machine.travel(NOW, tick=False):
        got = api_as("analyst").get("/api/v1/assessment/rankings?month=2026-10").json()
    assert got["units"] == 2
    assert [(r["unit"], r["score"], r["rank"]) for r in got["rows"]] == [
        ("unit-b", 100.0, 1),
        ("unit-a", 98.0, 2),
        ("unit-0", None, None),
    ]


def test_a_unit_with_no_work_but_a_sanction_is_scored(api_as: Api, idle: Unit) -> None:
    """The director criticises the idle unit on 20 October: −5 → 95.00, third."""
    with time_machine.travel(shanghai(2026, 10, 20, 15), tick=False):
        issued = post_json(
            api_as("director"), "/units/unit-0/sanctions", {"kind": "criticism", "reason": "推诿"}
        )
    assert issued.status_code == 201
    assert list(scores(*OCTOBER).items()) == [
        ("unit-b", (100.0, 1)),
        ("unit-a", (98.0, 2)),
        ("unit-0", (95.0, 3)),
    ]


def test_a_month_with_an_idle_unit_is_frozen_without_it(idle: Unit) -> None:
    frozen = ranking.freeze(date(2026, 10, 1), NOW)
    assert frozen.ranking is not None
    assert list(frozen.ranking.rows.order_by("position").values_list("unit__code", "rank")) == [
        ("unit-b", 1),
        ("unit-a", 2),
    ]
    # The frozen month still lists the idle unit in the statistics, unranked.
    assert list(scores(*OCTOBER).items()) == [
        ("unit-b", (100.0, 1)),
        ("unit-a", (98.0, 2)),
        ("unit-0", (None, None)),
    ]
