"""What the assessment tests share: schemes made in one call, and the units' scores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tests.workflow.helpers import HANDLER_OF, advance
from tousu.assessment.models import Deduction, Item, Scheme
from tousu.assessment.scoring import ranked
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Status
from tousu.stats import rollup
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


def work_done(
    org: dict[str, Any],
    make_case: Callable[..., Case],
    unit: str,
    at: datetime,
    *,
    handler: Any = None,
) -> Case:
    """A case received, dispatched to `unit`, handled on time and closed with a satisfied
    callback, all at `at` (before NOW), and counted: the unit worked that month (assigned 1,
    completed 1 on time, 1 callback satisfied; nothing to deduct)."""
    case = make_case(now=at)
    advance(case, Status.DISPATCHED, org, at, unit=unit)
    actor = handler if handler is not None else org[HANDLER_OF[unit]]
    wf.sign(case, actor=actor, now=at)
    wf.submit_result(case, actor=actor, now=at, result="已处理", justified=True)
    advance(case, Status.CLOSED, org, at, unit=unit)
    rollup.catch_up(NOW)
    return case
