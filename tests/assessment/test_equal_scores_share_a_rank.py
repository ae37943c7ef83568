"""Competition ranking: equal scores share a rank and the next rank skips (1, 1, 3); units with
equal scores keep the units' own order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from tests.workflow.helpers import shanghai
from tousu.assessment.formula import ranks
from tousu.cases.models import Case
from tousu.orgs.models import Membership, Role, Unit, UnitKind
from tousu.orgs.staff import invalidate_unit_tree

from .helpers import OCTOBER, make_scheme, scores, work_done


def test_equal_scores_share_a_rank_and_the_next_one_skips() -> None:
    hundred, ninety = Decimal("100.00"), Decimal("90.00")
    assert ranks([hundred, ninety, hundred, None, Decimal("89.99")]) == [1, 3, 1, None, 4]


def test_two_units_with_the_same_score_are_both_first_and_a_third_is_third(
    org: dict[str, Any], make_case: Callable[..., Case], october: dict[str, Case]
) -> None:
    """Base 100, −2 per return: unit A returned one case in October (98.00); unit B (100.00)
    and unit C, which completed one case and returned none (100.00), share the first rank; A is
    third."""
    unit_c = Unit.objects.create(code="unit-c", name="市交通运输局", kind=UnitKind.DEPARTMENT)
    invalidate_unit_tree()
    handler = get_user_model().objects.create_user("unit_c_handler", password="x-not-used-x")
    Membership.objects.create(user=handler, unit=unit_c, role=Role.HANDLER)
    work_done(org, make_case, "unit-c", shanghai(2026, 10, 20), handler=handler)
    make_scheme(date(2026, 10, 1), base="100", deductions=[("returned", "2", None)])
    assert list(scores(*OCTOBER).items()) == [
        ("unit-b", (100.0, 1)),
        ("unit-c", (100.0, 1)),
        ("unit-a", (98.0, 3)),
    ]
