"""An upheld complaint about the unit itself: a complaint or report whose respondent is named
exactly as the unit, found justified, closed in the month (docs/assessment.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from tests.workflow.helpers import advance, shanghai
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Status
from tousu.cases.registration import NewRespondent
from tousu.stats import rollup

from .helpers import NOVEMBER, OCTOBER, make_scheme, scores

UNIT_A = "市住房和城乡建设局"


def _closed(
    org: dict[str, Any],
    make_case: Callable[..., Case],
    at: datetime,
    *,
    respondent: str = UNIT_A,
    justified: bool = True,
    kind: str = "complaint",
) -> Case:
    """Received, handled by unit B and closed at `at`."""
    case = make_case(now=at, kind=kind, respondent=NewRespondent(name=respondent))
    advance(case, Status.HANDLING, org, at, unit="unit-b")
    wf.submit_result(case, actor=org["unit_b_handler"], now=at, result="属实", justified=justified)
    return advance(case, Status.CLOSED, org, at, unit="unit-b")


def test_only_justified_complaints_naming_the_unit_closed_in_the_month_count(
    org: dict[str, Any], make_case: Callable[..., Case]
) -> None:
    """Base 100, −3 per upheld complaint. About unit A in October: one complaint and one report
    upheld (−6), one complaint not upheld, one consultation, one complaint about another body
    named like it but not it; in November one complaint upheld (−3). Unit B handled them all:
    nothing deducted, 100.00 in both months; unit A had no case, but its upheld complaints are
    something to assess: it is scored."""
    make_scheme(date(2026, 10, 1), base="100", deductions=[("upheld_complaint", "3", None)])
    october = shanghai(2026, 10, 20)
    _closed(org, make_case, october)
    _closed(org, make_case, october, kind="report")
    _closed(org, make_case, october, justified=False)
    _closed(org, make_case, october, kind="consultation")
    _closed(org, make_case, october, respondent=f"{UNIT_A}物业科")
    _closed(org, make_case, shanghai(2026, 11, 3))
    rollup.catch_up(shanghai(2026, 11, 4))
    assert scores(*OCTOBER) == {"unit-b": (100.0, 1), "unit-a": (94.0, 2)}
    assert scores(*NOVEMBER) == {"unit-b": (100.0, 1), "unit-a": (97.0, 2)}
