"""考核 Assessment: the month's unit ranking (frozen, or computed now), the scheme it is scored
by, and each unit's history. The statistics' readers only; a unit's leader sees their own unit's
row and history (its rank among all units), never another unit's (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tousu.assessment import ranking
from tousu.assessment.models import Adjustment, Basis, Figure, Sanction, Scheme
from tousu.assessment.months import (
    first_of,
    month_label,
    months_until,
    next_month,
    parse_month,
    previous_month,
)
from tousu.assessment.ranking import freeze_day
from tousu.calendar import services as calendar
from tousu.orgs.models import CENTRE_KINDS, Unit
from tousu.stats import rollup
from tousu.stats.access import Reader, reader_of

CATCH_UP_LIMIT = 20000
HISTORY_MONTHS = 12
LISTED = 50


@dataclass(frozen=True)
class Line:
    row: ranking.Row
    previous_rank: int | None

    @property
    def change(self) -> int | None:
        """Places gained since last month (negative: lost); None when either month has none."""
        if self.row.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.row.rank

    @property
    def lost(self) -> int | None:
        change = self.change
        return -change if change is not None and change < 0 else None

    @property
    def on_time(self) -> str:
        return _percent(self.row.figures.get("on_time_rate"))

    @property
    def satisfaction(self) -> str:
        return _percent(self.row.figures.get("satisfaction_rate"))

    @property
    def sanctions(self) -> int:
        return int(self.row.figures.get("criticism", 0)) + int(self.row.figures.get("warning", 0))


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.1f}%"


@dataclass(frozen=True)
class Rule:
    label: str
    points: Any
    cap: Any
    note: str = ""


def _reader(request: HttpRequest) -> Reader:
    reader = reader_of(request.user)
    if reader is None:
        raise PermissionDenied
    return reader


def _now() -> datetime:
    now = timezone.now()
    rollup.catch_up(now, limit=CATCH_UP_LIMIT)
    return now


def _scheme_rules(scheme: Scheme | None) -> tuple[list[Rule], list[Rule]]:
    if scheme is None:
        return [], []
    items = [
        Rule(
            str(Figure(i.figure).label),
            i.points,
            i.cap,
            str(i.get_when_empty_display()) if i.figure in _RATE_FIGURES else "",
        )
        for i in sorted(scheme.items.all(), key=lambda i: i.pk)
    ]
    deductions = [
        Rule(str(Basis(d.basis).label), d.points, d.cap)
        for d in sorted(scheme.deductions.all(), key=lambda d: d.pk)
    ]
    return items, deductions


_RATE_FIGURES = frozenset({Figure.ON_TIME_RATE, Figure.SATISFACTION_RATE})


@login_required
@require_GET
def assessment(request: HttpRequest) -> HttpResponse:
    reader = _reader(request)
    now = _now()
    this_month = first_of(calendar.local_date(now))
    month = parse_month(request.GET.get("month", "")) or previous_month(this_month)
    month = min(month, this_month)
    table = ranking.month_table(month, now)
    before = ranking.month_table(previous_month(month), now)
    ranks_before = {row.unit_id: row.rank for row in before.rows}
    rows = table.rows
    if reader.units is not None:
        rows = [row for row in rows if row.unit_id in reader.units]
    items, deductions = _scheme_rules(
        Scheme.objects.prefetch_related("items", "deductions").get(pk=table.scheme.pk)
        if table.scheme is not None
        else None
    )
    return render(
        request,
        "workbench/assessment.html",
        {
            "month": month,
            "month_label": month_label(month),
            "previous": month_label(previous_month(month)),
            "next": month_label(next_month(month)) if month < this_month else None,
            "table": table,
            "lines": [Line(row, ranks_before.get(row.unit_id)) for row in rows],
            "ranked": sum(1 for row in table.rows if row.rank is not None),
            "own_only": reader.units is not None,
            "scheme": table.scheme,
            "items": items,
            "deductions": deductions,
            "freeze_day": freeze_day(),
            "current": month == this_month,
        },
    )


@login_required
@require_GET
def unit_history(request: HttpRequest, code: str) -> HttpResponse:
    reader = _reader(request)
    unit = Unit.objects.filter(code=code).exclude(kind__in=sorted(CENTRE_KINDS)).first()
    if unit is None or (reader.units is not None and unit.pk not in reader.units):
        raise Http404
    now = _now()
    months = months_until(calendar.local_date(now), HISTORY_MONTHS)
    history = ranking.history(unit.pk, months, now)
    return render(
        request,
        "workbench/assessment_unit.html",
        {
            "unit": unit,
            "history": [(month_label(m.month), m) for m in reversed(history)],
            "sanctions": list(
                Sanction.objects.filter(unit=unit).select_related("issued_by")[:LISTED]
            ),
            "adjustments": [
                (month_label(a.month), a)
                for a in Adjustment.objects.filter(unit=unit).select_related("entered_by")[:LISTED]
            ],
        },
    )
