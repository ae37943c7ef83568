"""Competition ranking: equal scores share a rank and the next rank skips (1, 1, 3); units with
equal scores keep the units' own order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tousu.assessment.formula import ranks
from tousu.cases.models import Case
from tousu.orgs.models import Unit, UnitKind
from tousu.orgs.staff import invalidate_unit_tree

from .helpers import OCTOBER, make_scheme, scores


def test_equal_scores_share_a_rank_and_the_next_one_skips() -> None:
    hundred, ninety = Decimal("100.00"), Decimal("90.00")
    assert ranks([hundred, ninety, hundred, None, Decimal("89.99")]) == [1, 3, 1, None, 4]


def test_two_units_with_the_same_score_are_both_first_and_a_third_is_third(
    org: dict[str, Any], october: dict[str, Case]
) -> None:
    """Base 100, −2 per return: unit A returned one case in October (98.00); unit B (100.00)
    and unit C, which had no case at all (100.00), share the first rank; A is third."""
    Unit.objects.create(code="unit-c", name="市交通运输局", kind=UnitKind.DEPARTMENT)
    invalidate_unit_tree()
    make_scheme(date(2026, 10, 1), base="100", deductions=[("returned", "2", None)])
    assert list(scores(*OCTOBER).items()) == [
        ("unit-b", (100.0, 1)),
        ("unit-c", (100.0, 1)),
        ("unit-a", (98.0, 3)),
    ]
