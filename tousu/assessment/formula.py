"""The score of a unit and the ranks of all (pure functions: no database). docs/assessment.md.

    score = base
          + Σ items:      points × rate            (a rate: on-time, satisfaction; in [0, 1])
                          min(points × count, cap)  (a count: per case completed…)
          − Σ deductions: min(points × count, cap)
          + Σ adjustments of the unit in the period

computed exactly (decimals, never floats), rounded once at the end to 2 decimals, half up.
Ranks are competition ranks, best (highest) first: 100, 100, 90 → 1, 1, 3.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ItemRule:
    figure: str
    points: Decimal
    cap: Decimal | None = None
    when_empty: str = "full"


@dataclass(frozen=True)
class DeductionRule:
    basis: str
    points: Decimal
    cap: Decimal | None = None


@dataclass(frozen=True)
class Spec:
    """A scheme, as the formula reads it."""

    scheme_id: int | None
    name: str
    valid_from: date
    base: Decimal
    items: tuple[ItemRule, ...] = ()
    deductions: tuple[DeductionRule, ...] = ()


@dataclass(frozen=True)
class Extra:
    """What a unit counts besides the statistics' figures, in the period."""

    upheld_complaints: int = 0
    criticisms: int = 0
    warnings: int = 0
    adjustments: Decimal = Decimal("0")


@dataclass(frozen=True)
class Scored:
    score: Decimal
    parts: dict[str, Any] = field(default_factory=dict)


# A rate item: (numerator, denominator) among the unit figures.
RATES: dict[str, tuple[str, str]] = {
    "on_time_rate": ("completed_on_time", "completed"),
    "satisfaction_rate": ("satisfied", "reached"),
}


def counts(row: Mapping[str, Any], extra: Extra) -> dict[str, int]:
    """What each deduction basis counts for this unit."""
    n = {name: int(row.get(name) or 0) for name in _ROW_COUNTS}
    return {
        "late_completed": max(0, n["completed"] - n["completed_on_time"]),
        "overdue_open": n["overdue_open"],
        "returned": n["returned"],
        "reworked": n["reworked"],
        "extensions": n["extensions"],
        "dissatisfied": max(0, n["reached"] - n["satisfied"]),
        "upheld_complaint": extra.upheld_complaints,
        "criticism": extra.criticisms,
        "warning": extra.warnings,
    }


_ROW_COUNTS = (
    "assigned",
    "completed",
    "completed_on_time",
    "overdue_open",
    "returned",
    "extensions",
    "reworked",
    "reached",
    "satisfied",
)


def _capped(amount: Decimal, cap: Decimal | None) -> Decimal:
    return amount if cap is None else min(amount, cap)


def _number(value: Decimal) -> float:
    return float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def score(row: Mapping[str, Any], extra: Extra, spec: Spec) -> Scored:
    """A unit's score under `spec`, with how it was made (`parts`, for the people who read it)."""
    total = spec.base
    items = []
    for item in spec.items:
        if item.figure in RATES:
            top, bottom = (int(row.get(name) or 0) for name in RATES[item.figure])
            if bottom:
                value: Decimal | int | None = Decimal(top) / Decimal(bottom)
                points = item.points * Decimal(top) / Decimal(bottom)
            else:
                value = None
                points = item.points if item.when_empty == "full" else Decimal(0)
            points = _capped(points, item.cap)
        else:
            value = int(row.get(item.figure) or 0)
            points = _capped(item.points * value, item.cap)
        total += points
        items.append(
            {
                "figure": item.figure,
                "value": None if value is None else _value(value),
                "points": _number(points),
            }
        )
    found = counts(row, extra)
    deductions = []
    for rule in spec.deductions:
        n = found.get(rule.basis, 0)
        points = _capped(rule.points * n, rule.cap)
        total -= points
        deductions.append({"basis": rule.basis, "count": n, "points": _number(-points)})
    total += extra.adjustments
    final = total.quantize(CENT, rounding=ROUND_HALF_UP)
    return Scored(
        final,
        {
            "base": _number(spec.base),
            "items": items,
            "deductions": deductions,
            "adjustments": _number(extra.adjustments),
        },
    )


def _value(value: Decimal | int) -> float | int:
    return round(float(value), 4) if isinstance(value, Decimal) else value


def ranks(scores: Sequence[Decimal | None]) -> list[int | None]:
    """Competition ranks (1 = the highest score; equal scores share a rank, the next rank skips:
    1, 1, 3). A missing score has no rank."""
    known = [s for s in scores if s is not None]
    return [None if s is None else 1 + sum(1 for other in known if other > s) for s in scores]
