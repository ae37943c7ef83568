"""The formula alone (no database): rates, counts, caps, an empty denominator, the rounding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tousu.assessment.formula import DeductionRule, Extra, ItemRule, Spec, score

ROW = {
    "assigned": 3,
    "completed": 3,
    "completed_on_time": 2,
    "overdue_open": 0,
    "returned": 0,
    "extensions": 0,
    "reworked": 0,
    "callbacks": 0,
    "reached": 0,
    "satisfied": 0,
}


def spec(*items: ItemRule, deductions: tuple[DeductionRule, ...] = (), base: str = "0") -> Spec:
    return Spec(None, "test", date(2026, 1, 1), Decimal(base), tuple(items), deductions)


def test_a_rate_is_exact_until_the_final_rounding_half_up() -> None:
    """2 of 3 on time × 10 = 6.666… → 6.67; × 20 = 13.333… → 13.33; 6.666… + 13.333… = 20."""
    assert score(ROW, Extra(), spec(ItemRule("on_time_rate", Decimal(10)))).score == Decimal("6.67")
    both = spec(ItemRule("on_time_rate", Decimal(10)), ItemRule("on_time_rate", Decimal(20)))
    assert score(ROW, Extra(), both).score == Decimal("20.00")


def test_half_a_cent_rounds_up() -> None:
    """Base 0.005 → 0.01; 1 of 8 on time × 0.2 = 0.025 → 0.03 (half up, not to even)."""
    row = ROW | {"completed": 8, "completed_on_time": 1}
    assert score(row, Extra(), spec(base="0.005")).score == Decimal("0.01")
    assert score(row, Extra(), spec(ItemRule("on_time_rate", Decimal("0.2")))).score == Decimal(
        "0.03"
    )


def test_a_rate_with_nothing_to_divide_by_gives_full_or_no_points_as_the_item_says() -> None:
    """Nobody was reached: satisfaction rate has no value."""
    full = score(ROW, Extra(), spec(ItemRule("satisfaction_rate", Decimal(60), None, "full")))
    zero = score(ROW, Extra(), spec(ItemRule("satisfaction_rate", Decimal(60), None, "zero")))
    assert (full.score, zero.score) == (Decimal("60.00"), Decimal("0.00"))
    assert full.parts["items"] == [{"figure": "satisfaction_rate", "value": None, "points": 60.0}]


def test_points_per_case_and_deductions_stop_at_their_caps() -> None:
    """+0.5 per case assigned (3 → 1.5, cap 1); −1 per late completion (1), −4 per warning
    (2 → 8, cap 5), + 2.5 adjustments: 1 − 1 − 5 + 2.5 = −2.50 (no floor)."""
    scheme = spec(
        ItemRule("assigned", Decimal("0.5"), Decimal(1)),
        deductions=(
            DeductionRule("late_completed", Decimal(1)),
            DeductionRule("warning", Decimal(4), Decimal(5)),
        ),
    )
    got = score(ROW, Extra(warnings=2, adjustments=Decimal("2.5")), scheme)
    assert got.score == Decimal("-2.50")
    assert got.parts == {
        "base": 0.0,
        "items": [{"figure": "assigned", "value": 3, "points": 1.0}],
        "deductions": [
            {"basis": "late_completed", "count": 1, "points": -1.0},
            {"basis": "warning", "count": 2, "points": -5.0},
        ],
        "adjustments": 2.5,
    }
