"""Rankings: computed live from the statistics, or read as they were frozen.

A whole calendar month that is frozen (`Ranking`) is read from its rows and never recomputed:
last year's ranking does not change when this year's scheme does, nor when a late event is
counted. Any other period is computed now, by the scheme in force in its first month.

`freeze(month, now)` stores a month's ranking (once: freezing a frozen month again does
nothing unless `force`); the worker's job `freeze_due` freezes the month before on the
`TOUSU_ASSESSMENT_FREEZE_DAY`th of the next one (callbacks of the month's last cases come in
meanwhile).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext

from tousu.calendar import services as calendar
from tousu.orgs.models import Unit
from tousu.stats import query, rollup

from . import formula
from .inputs import extras, scheme_at, spec_of
from .models import Ranking, RankingRow, Scheme
from .months import first_of, is_whole_month, last_day, month_label, previous_month

log = logging.getLogger("tousu.assessment")

# The figures a row keeps besides the statistics' (what the deductions count).
EXTRA_FIGURES = ("late_completed", "dissatisfied", "upheld_complaint", "criticism", "warning")
# A unit that did none of this in the period, and has no sanction nor adjustment, had nothing to
# be assessed on: it is listed without a score or rank (an idle unit is not the best one).
WORK_FIGURES = (
    "assigned",
    "completed",
    "overdue_open",
    "returned",
    "extensions",
    "reworked",
    "callbacks",
)


class CannotFreeze(ValueError):
    """The month cannot be frozen (not over yet, or no scheme applies to it)."""


@dataclass(frozen=True)
class Row:
    unit: str
    name: str
    unit_id: int
    score: float | None
    rank: int | None
    figures: dict[str, Any] = field(default_factory=dict)
    parts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    start: date
    end: date
    scheme: Scheme | None
    frozen: bool
    computed_at: datetime | None
    rows: list[Row]

    def row_of(self, unit_id: int) -> Row | None:
        return next((row for row in self.rows if row.unit_id == unit_id), None)


def score_rows(
    rows: list[dict[str, Any]], start: date, end: date, scheme: Scheme | None
) -> list[Row]:
    """Score the statistics' unit rows by `scheme`, rank them, best first (equal scores keep
    the units' order)."""
    ids = dict(Unit.objects.filter(code__in=[r["unit"] for r in rows]).values_list("code", "id"))
    known = [row for row in rows if row["unit"] in ids]
    spec = spec_of(scheme) if scheme is not None else None
    extra = extras([(ids[r["unit"]], r["name"]) for r in known], start, end) if spec else {}
    out = []
    for row in known:
        uid = ids[row["unit"]]
        unit_extra = extra.get(uid, formula.Extra())
        counted = formula.counts(row, unit_extra)
        figures = {k: v for k, v in row.items() if k not in ("unit", "name", "score", "rank")}
        figures.update({name: counted[name] for name in EXTRA_FIGURES})
        figures["adjustments"] = float(unit_extra.adjustments)
        idle = not any(row.get(name) for name in WORK_FIGURES) and unit_extra == formula.Extra()
        result = formula.score(row, unit_extra, spec) if spec is not None and not idle else None
        out.append(
            Row(
                unit=row["unit"],
                name=row["name"],
                unit_id=uid,
                score=float(result.score) if result else None,
                rank=None,
                figures=figures,
                parts=result.parts if result else {},
            )
        )
    ranks = formula.ranks([None if r.score is None else Decimal(str(r.score)) for r in out])
    ranked = [replace(row, rank=rank) for row, rank in zip(out, ranks, strict=True)]
    return sorted(ranked, key=lambda r: (r.rank is None, r.rank or 0))


def frozen(month: date) -> Ranking | None:
    return Ranking.objects.select_related("scheme").filter(month=first_of(month)).first()


def frozen_rows(ranking: Ranking) -> list[Row]:
    return [
        Row(
            unit=r.unit.code,
            name=r.unit_name,
            unit_id=r.unit_id,
            score=float(r.score),
            rank=r.rank,
            figures=r.figures,
            parts=r.parts,
        )
        for r in ranking.rows.select_related("unit").order_by("position")
    ]


def live(start: date, end: date, now: datetime, *, scheme: Scheme | None = None) -> Table:
    """Every handling unit's score and rank in the period, computed now (all centres), by the
    scheme in force at `start` unless told which."""
    rows = query.unit_figures(query.Filters(start=start, end=end), query.Scope(None), now)
    scheme = scheme or scheme_at(start)
    return Table(start, end, scheme, False, None, score_rows(rows, start, end, scheme))


def month_table(month: date, now: datetime) -> Table:
    """A month's ranking: as frozen, or live."""
    month = first_of(month)
    ranking = frozen(month)
    if ranking is not None:
        return Table(
            month,
            last_day(month),
            ranking.scheme,
            True,
            ranking.computed_at,
            frozen_rows(ranking),
        )
    return live(month, last_day(month), now)


def frozen_for(start: date, end: date) -> Ranking | None:
    """The frozen ranking of the period, when the period is one whole calendar month."""
    return frozen(start) if is_whole_month(start, end) else None


def apply(
    rows: list[dict[str, Any]], start: date, end: date, *, filtered: bool = False
) -> list[dict[str, Any]]:
    """Add "score" and "rank" to the statistics' unit rows, and return them best first: the
    frozen ones for a frozen month, else computed by the scheme in force at `start`. Rows
    narrowed by a filter (a channel, a category…) are always scored as they are: a frozen
    ranking is of the units' whole work."""
    ranking = None if filtered else frozen_for(start, end)
    if ranking is not None:
        found: Mapping[str, tuple[float | None, int | None]] = {
            code: (float(score), rank)
            for code, score, rank in ranking.rows.values_list("unit__code", "score", "rank")
        }
    else:
        found = {r.unit: (r.score, r.rank) for r in score_rows(rows, start, end, scheme_at(start))}
    for row in rows:
        row["score"], row["rank"] = found.get(row["unit"], (None, None))
    order = {id(row): i for i, row in enumerate(rows)}
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, order[id(r)]))


# --- freezing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frozen:
    month: date
    ranking: Ranking | None  # None: it was frozen already, nothing was done
    units: int = 0


def freeze(month: date, now: datetime, *, force: bool = False) -> Frozen:
    """Compute and store the month's ranking. A frozen month is left as it is unless `force`
    (then it is computed again, by the scheme it was frozen with, and replaces the old one)."""
    month = first_of(month)
    if last_day(month) >= calendar.local_date(now):
        raise CannotFreeze(
            gettext("%(month)s is not over yet: it can be frozen from its next month on.")
            % {"month": month_label(month)}
        )
    before = Ranking.objects.select_related("scheme").filter(month=month).first()
    if before is not None and not force:
        return Frozen(month, None)
    rollup.catch_up(now)  # every event up to now counts (its own transactions)
    # Frozen again: by the scheme it was frozen with (the one in force then and now).
    table = live(month, last_day(month), now, scheme=before.scheme if before else None)
    if table.scheme is None:
        raise CannotFreeze(
            gettext("No assessment scheme applies to %(month)s.") % {"month": month_label(month)}
        )
    try:
        with transaction.atomic():
            ranking = Ranking.objects.select_for_update().filter(month=month).first()
            if ranking is not None and not force:
                return Frozen(month, None)
            if ranking is None:
                ranking = Ranking.objects.create(month=month, scheme=table.scheme, computed_at=now)
            else:
                ranking.rows.all().delete()
                ranking.scheme, ranking.computed_at = table.scheme, now
                ranking.save(update_fields=["scheme", "computed_at"])
            RankingRow.objects.bulk_create(_stored(ranking, table.rows))
    except IntegrityError:  # another run froze it at the same moment
        return Frozen(month, None)
    log.info("assessment ranking of %s frozen: %d units", month_label(month), len(table.rows))
    return Frozen(month, ranking, len(table.rows))


def _stored(ranking: Ranking, rows: Iterable[Row]) -> list[RankingRow]:
    """The ranked rows (an idle unit, unscored, is not part of the month's ranking)."""
    return [
        RankingRow(
            ranking=ranking,
            unit_id=row.unit_id,
            unit_name=row.name,
            position=position,
            score=Decimal(str(row.score)),
            rank=row.rank or 0,
            figures=row.figures,
            parts=row.parts,
        )
        for position, row in enumerate((r for r in rows if r.score is not None), start=1)
    ]


def freeze_day() -> int:
    return min(28, max(1, int(getattr(settings, "TOUSU_ASSESSMENT_FREEZE_DAY", 5))))


def freeze_due(now: datetime) -> str | None:
    """The worker's job: from the `TOUSU_ASSESSMENT_FREEZE_DAY`th of a month on, freeze the
    month before it if it is not frozen yet. Idempotent."""
    today = calendar.local_date(now)
    if today.day < freeze_day():
        return None
    month = previous_month(today)
    if Ranking.objects.filter(month=month).exists():
        return None
    try:
        done = freeze(month, now)
    except CannotFreeze as exc:
        log.warning("assessment: %s", exc)
        return None
    return month_label(month) if done.ranking is not None else None


# --- a unit's history --------------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    month: date
    score: float | None
    rank: int | None
    units: int  # how many units were ranked
    frozen: bool


def history(unit_id: int, months: list[date], now: datetime) -> list[Month]:
    """The unit's score and rank in each month (oldest first): frozen months from their rows
    (one query for all), the others computed."""
    stored = {
        r.ranking.month: r
        for r in RankingRow.objects.filter(
            unit_id=unit_id, ranking__month__in=months
        ).select_related("ranking")
    }
    frozen_months = dict(Ranking.objects.filter(month__in=months).values_list("month", "id"))
    sizes = dict(
        RankingRow.objects.filter(ranking_id__in=list(frozen_months.values()))
        .values_list("ranking_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = []
    for month in months:
        if month in frozen_months:
            row = stored.get(month)
            found.append(
                Month(
                    month,
                    float(row.score) if row else None,
                    row.rank if row else None,
                    sizes.get(frozen_months[month], 0),
                    True,
                )
            )
            continue
        table = live(month, last_day(month), now)
        own = table.row_of(unit_id)
        found.append(
            Month(
                month,
                own.score if own else None,
                own.rank if own else None,
                sum(1 for r in table.rows if r.rank is not None),
                False,
            )
        )
    return found
