"""What the assessment tests share: schemes made in one call, and the units' scores."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tousu.assessment.models import Deduction, Item, Scheme
from tousu.assessment.scoring import ranked
from tousu.stats.query import Filters, Scope, unit_figures

from ..stats.history import NOW

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def make_scheme(
    valid_from: date,
    *,
    name: str = "方案",
    base: str = "0",
    items: tuple[tuple[str, str], ...] | list[Any] = (),
    deductions: tuple[tuple[str, str, str | None], ...] | list[Any] = (),
) -> Scheme:
    """items: (figure, points) or (figure, points, cap, when_empty); deductions: (basis, points,
    cap or None)."""
    scheme = Scheme.objects.create(name=name, valid_from=valid_from, base=Decimal(base))
    for item in items:
        figure, points, cap, when_empty = (*item, None, "full") if len(item) == 2 else item
        Item.objects.create(
            scheme=scheme,
            figure=figure,
            points=Decimal(points),
            cap=Decimal(cap) if cap is not None else None,
            when_empty=when_empty,
        )
    for basis, points, cap in deductions:
        Deduction.objects.create(
            scheme=scheme,
            basis=basis,
            points=Decimal(points),
            cap=Decimal(cap) if cap is not None else None,
        )
    return scheme


# The scheme of October 2026 in most tests (docs/assessment.md's worked example).
OCTOBER_ITEMS = (("on_time_rate", "40"), ("satisfaction_rate", "60"))
OCTOBER_DEDUCTIONS = (
    ("late_completed", "2", "10"),
    ("returned", "1", None),
    ("reworked", "1.5", "2"),
    ("overdue_open", "0.5", None),
)


def october_scheme() -> Scheme:
    return make_scheme(
        date(2026, 10, 1),
        name="2026年10月方案",
        items=OCTOBER_ITEMS,
        deductions=OCTOBER_DEDUCTIONS,
    )


def scores(start: date, end: date) -> dict[str, tuple[float | None, int | None]]:
    """unit code → (score, rank), from the statistics' units table as the API builds it."""
    rows = ranked(unit_figures(Filters(start=start, end=end), Scope(None), NOW), start, end)
    return {row["unit"]: (row["score"], row["rank"]) for row in rows}
