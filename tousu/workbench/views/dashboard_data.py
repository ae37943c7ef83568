"""Reads of the statistics that `stats.query` does not offer (yet): the trend of a figure over
the period, and the overdue cases per unit and severity. Each is one aggregate query over the
same rows and the same filters as `stats.query`, so that the drill-down lists (`cases_behind`)
list exactly what these count. Candidates for `stats/query.py` (see docs/dashboards.md).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Sum

from tousu.cases.models import Case
from tousu.stats import query
from tousu.stats.models import Tally

# Up to this many days the trend is per day; longer periods are per month.
DAILY_UP_TO_DAYS = 62


def daily(
    figures: tuple[str, ...],
    f: query.Filters,
    scope: query.Scope,
    *,
    unit_id: int | None = None,
) -> dict[str, dict[date, int]]:
    """How many of each figure per day of the period (days without any left out): case figures
    (`received`…) by the day the case was received, a unit's figures (`assigned`,
    `completed`…; `unit_id` given) by the day they happened."""
    rows = Tally.objects.filter(
        query._dimension_filter(f, scope),
        day__gte=f.start,
        day__lte=f.end,
        figure__in=figures,
    )
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    found: dict[str, dict[date, int]] = {figure: {} for figure in figures}
    for row in rows.values("figure", "day").annotate(n=Sum("n")).order_by():
        if row["n"]:
            found[row["figure"]][row["day"]] = int(row["n"])
    return found


@dataclass(frozen=True)
class Bucket:
    """A day or a month of the trend (a month cut to the period at either end)."""

    start: date
    end: date
    label: str


def buckets(start: date, end: date) -> list[Bucket]:
    """The days of a period of up to DAILY_UP_TO_DAYS days, otherwise its months."""
    if (end - start).days < DAILY_UP_TO_DAYS:
        return [
            Bucket(day, day, day.isoformat())
            for day in (start + timedelta(days=i) for i in range((end - start).days + 1))
        ]
    found = []
    first = start
    while first <= end:
        following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = min(end, following - timedelta(days=1))
        found.append(Bucket(first, last, f"{first.year}-{first.month:02d}"))
        first = following
    return found


def per_bucket(counts: dict[date, int], periods: list[Bucket]) -> list[int]:
    """The daily counts added up per bucket (days outside every bucket are not counted)."""
    starts = [bucket.start for bucket in periods]
    totals = [0] * len(periods)
    for day, n in counts.items():
        i = bisect_right(starts, day) - 1
        if i >= 0 and day <= periods[i].end:
            totals[i] += n
    return totals


def overdue_by_unit_and_severity(
    f: query.Filters, scope: query.Scope, now: datetime
) -> dict[int, dict[str, int]]:
    """The cases each unit holds now past its due time (`overdue_open`, the live count of
    `query.unit_figures`), per severity: {unit_id: {severity: n}}."""
    rows = (
        Case.objects.filter(query._overdue(f, scope, now))
        .values("unit_id", "severity")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        found[row["unit_id"]][row["severity"]] = int(row["n"])
    return dict(found)
