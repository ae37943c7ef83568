"""Versioned by period: a scheme valid from November changes neither October's frozen ranking
nor October computed live; the frozen October does not follow later changes of the figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import time_machine
from django.test import Client

from tests.stats.history import NOW
from tests.workflow.helpers import shanghai
from tousu.assessment import ranking
from tousu.assessment.models import Ranking, RankingRow
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.stats import rollup

from .helpers import NOVEMBER, OCTOBER, make_scheme, october_scheme, scores

Api = Callable[[str], Client]


def _november_scheme() -> None:
    """Only the base: every unit with work 80.00 from November on."""
    make_scheme(date(2026, 11, 1), name="2026年11月方案", base="80")


def test_a_november_scheme_leaves_the_frozen_october_as_it_was(
    api_as: Api, october: dict[str, Case]
) -> None:
    """November so far: unit A holds two cases past their due time (80.00, first); unit B had
    no case in November and is not ranked."""
    scheme = october_scheme()
    ranking.freeze(date(2026, 10, 1), NOW)
    _november_scheme()
    assert scores(*OCTOBER) == {"unit-b": (100.0, 1), "unit-a": (71.0, 2)}
    assert scores(*NOVEMBER) == {"unit-a": (80.0, 1), "unit-b": (None, None)}
    frozen = Ranking.objects.get(month=date(2026, 10, 1))
    assert frozen.scheme == scheme
    with time_machine.travel(NOW, tick=False):
        got = api_as("analyst").get("/api/v1/assessment/rankings?month=2026-10").json()
    assert (got["frozen"], got["scheme"]["name"]) == (True, "2026年10月方案")
    assert [(r["unit"], r["score"], r["rank"]) for r in got["rows"]] == [
        ("unit-b", 100.0, 1),
        ("unit-a", 71.0, 2),
    ]


def test_october_computed_live_after_the_change_still_uses_octobers_scheme(
    october: dict[str, Case],
) -> None:
    october_scheme()
    _november_scheme()
    assert not Ranking.objects.exists()
    assert scores(*OCTOBER) == {"unit-b": (100.0, 1), "unit-a": (71.0, 2)}


def test_the_frozen_october_does_not_follow_the_figures_that_change_later(
    org: dict[str, object], october: dict[str, Case]
) -> None:
    """Unit A's two overdue cases (−0.5 each, counted as they are now) get their results on
    3 November: October computed live gains the point; the frozen October keeps 71.00."""
    october_scheme()
    ranking.freeze(date(2026, 10, 1), NOW)
    later = shanghai(2026, 11, 3)
    handler = org["unit_a_handler"]
    for name in ("reopened", "signed_off"):
        case = october[name]
        wf.sign(case, actor=handler, now=later)
        wf.submit_result(case, actor=handler, now=later, result="已处理", justified=True)
    rollup.catch_up(later)
    live = ranking.live(*OCTOBER, later)
    assert [(r.unit, r.score) for r in live.rows] == [("unit-b", 100.0), ("unit-a", 72.0)]
    assert scores(*OCTOBER) == {"unit-b": (100.0, 1), "unit-a": (71.0, 2)}
    assert list(RankingRow.objects.values_list("unit__code", "score", "rank")) == [
        ("unit-b", 100, 1),
        ("unit-a", 71, 2),
    ]
