"""Reading the statistics: the summary of the cases received in a period, the figures of each
unit, and the cases behind every number (the drill-down). The API, the dashboards and the
reports all ask here, with the same `Filters`.

Numbers come from the rollup (`Tally`); lists from the rows the rollup was counted from
(`CaseMark`, `UnitFact`), so a number and its list agree. Only `overdue_open` is a count of the
cases as they are now (the unit holds them, past its due time): it has no period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext

from tousu.calendar import services as calendar
from tousu.cases.models import Assignment, Case, Status
from tousu.categories.models import Category, subtree_ids
from tousu.orgs.models import CENTRE_KINDS, Unit
from tousu.orgs.staff import unit_tree

from . import fold
from .marks import CASE_FIGURES, CASE_FLAGS, RECEIVED
from .models import CaseMark, Tally, UnitFact

OVERDUE_OPEN = "overdue_open"
UNIT_LIST_FIGURES = (*fold.UNIT_FIGURES, OVERDUE_OPEN)
_HELD = (Status.DISPATCHED, Status.HANDLING)


class UnknownFilter(ValueError):
    """A filter names what does not exist: `field` is the parameter at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    centre: str | None = None  # a centre or sub-centre: the cases registered there and below
    channel: str | None = None
    kind: str | None = None
    category: str | None = None  # a category code: its whole branch
    severity: str | None = None

    def shifted(self, start: date, end: date) -> Filters:
        return replace(self, start=start, end=end)

    @property
    def narrowed(self) -> bool:
        """Whether any filter besides the period narrows the cases."""
        return any((self.centre, self.channel, self.kind, self.category, self.severity))


@dataclass(frozen=True)
class Scope:
    """Whose cases a reader may count: the centres (None: every one)."""

    centres: frozenset[int] | None


def _dimension_filter(f: Filters, scope: Scope, prefix: str = "") -> Q:
    q = Q()
    centres = scope.centres
    if f.centre:
        tree = unit_tree()
        uid = tree.id_for_code(f.centre)
        if uid is None:
            raise UnknownFilter("centre", gettext("no unit has this code"))
        below = tree.descendants_and_self([uid])
        centres = below if centres is None else centres & below
    if centres is not None:
        q &= Q(**{f"{prefix}centre_id__in": sorted(centres)})
    if f.category:
        ids = subtree_ids(f.category)
        if not ids:
            raise UnknownFilter("category", gettext("no category has this code"))
        q &= Q(**{f"{prefix}category_id__in": ids})
    for name in ("channel", "kind", "severity"):
        value = getattr(f, name)
        if value:
            q &= Q(**{f"{prefix}{name}": value})
    return q


def _tallies(f: Filters, scope: Scope, figures: tuple[str, ...]) -> QuerySet[Tally]:
    return Tally.objects.filter(
        _dimension_filter(f, scope), day__gte=f.start, day__lte=f.end, figure__in=figures
    )


# --- the summary -------------------------------------------------------------------------------


def totals(f: Filters, scope: Scope) -> dict[str, int]:
    rows = _tallies(f, scope, CASE_FIGURES).values("figure").annotate(n=Sum("n"))
    found = dict.fromkeys(CASE_FIGURES, 0)
    found.update({row["figure"]: int(row["n"] or 0) for row in rows})
    return found


def summary(f: Filters, scope: Scope) -> dict[str, Any]:
    """The contract's summary of the cases received in the period, with what became of them,
    month-on-month (the period just before, as long) and year-on-year (a year earlier). Four
    reads of the rollup: the figures, the cases received by kind × channel × severity ×
    category (every breakdown is summed from these rows), and `received` in the two periods
    compared with."""
    by: dict[str, dict[str, int]] = {n: defaultdict(int) for n in ("kind", "channel", "severity")}
    per_category: dict[int, int] = defaultdict(int)
    rows = (
        _tallies(f, scope, (RECEIVED,))
        .values("kind", "channel", "severity", "category_id")
        .annotate(n=Sum("n"))
        .order_by()
    )
    for row in rows:
        n = int(row["n"] or 0)
        by["kind"][row["kind"]] += n
        by["channel"][row["channel"]] += n
        by["severity"][row["severity"]] += n
        per_category[row["category_id"]] += n
    counts = totals(f, scope)
    now = {cid: n for cid, n in per_category.items() if n}
    previous, last_year = _previous(f), _last_year(f)
    before = _per_category(previous, scope)
    then = int(_tallies(last_year, scope, (RECEIVED,)).aggregate(n=Sum("n"))["n"] or 0)
    return {
        "from": f.start.isoformat(),
        "to": f.end.isoformat(),
        "received": counts[RECEIVED],
        **{f"by_{name}": {k: n for k, n in sorted(c.items()) if n} for name, c in by.items()},
        "by_category": _by_category(now, f.category),
        **{flag: counts[flag] for flag in CASE_FLAGS},
        "compare": {
            "previous": _compared(previous, counts[RECEIVED], sum(before.values())),
            "last_year": _compared(last_year, counts[RECEIVED], then),
        },
        "hot_categories": _hot(now, before),
    }


def _previous(f: Filters) -> Filters:
    length = (f.end - f.start).days + 1
    return f.shifted(f.start - timedelta(days=length), f.start - timedelta(days=1))


def _last_year(f: Filters) -> Filters:
    return f.shifted(_year_before(f.start), _year_before(f.end))


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _compared(other: Filters, received: int, then: int) -> dict[str, Any]:
    return {
        "from": other.start.isoformat(),
        "to": other.end.isoformat(),
        "received": then,
        "change": rate(received - then, then),
    }


def rate(part: int, whole: int) -> float | None:
    """A rate in [0, 1] (or a change, any sign), None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def _by_category(counts: dict[int, int], branch: str | None) -> list[dict[str, Any]]:
    """Shares by category at the first level of the tree (below the filtered branch, if any):
    环境卫生类 35%. Cases without a category are one row with no code."""
    total = sum(counts.values())
    tree = {c.pk: c for c in Category.objects.all()}
    root = next((c for c in tree.values() if c.code == branch), None) if branch else None
    grouped: dict[int, int] = defaultdict(int)
    for category_id, n in counts.items():
        grouped[_level_below(tree, category_id, root.pk if root else None)] += n
    rows = [
        {
            "code": tree[cid].code if cid in tree else None,
            "name": tree[cid].name if cid in tree else gettext("no category"),
            "count": n,
            "share": rate(n, total),
        }
        for cid, n in grouped.items()
    ]
    return sorted(rows, key=lambda r: (-r["count"], r["code"] or "~"))


def _level_below(tree: dict[int, Category], category_id: int, root: int | None) -> int:
    """The ancestor of `category_id` just below `root` (the top level when root is None); the
    category itself when it is the root."""
    path = []
    current = tree.get(category_id)
    while current is not None:
        path.append(current.pk)
        current = tree.get(current.parent_id) if current.parent_id else None
    if not path:
        return 0
    if root is None:
        return path[-1]
    return path[path.index(root) - 1] if root in path and path[0] != root else root


def hot_categories(f: Filters, scope: Scope, *, top: int = 10) -> list[dict[str, Any]]:
    """The categories (as filed, the finest level) with the most cases received in the period,
    with the period before for comparison: 热点."""
    return _hot(_per_category(f, scope), _per_category(_previous(f), scope), top=top)


def _hot(now: dict[int, int], before: dict[int, int], *, top: int = 10) -> list[dict[str, Any]]:
    found = {
        pk: (code, name)
        for pk, code, name in Category.objects.filter(pk__in=list(now)).values_list(
            "pk", "code", "name"
        )
    }
    ranked = sorted(((n, cid) for cid, n in now.items() if cid), key=lambda x: (-x[0], x[1]))
    return [
        {
            "code": found.get(cid, (None, None))[0],
            "name": found.get(cid, (None, None))[1],
            "count": n,
            "previous": before.get(cid, 0),
            "change": rate(n - before.get(cid, 0), before.get(cid, 0)),
        }
        for n, cid in ranked[:top]
    ]


def _per_category(f: Filters, scope: Scope) -> dict[int, int]:
    rows = _tallies(f, scope, (RECEIVED,)).values("category_id").annotate(n=Sum("n"))
    return {row["category_id"]: int(row["n"]) for row in rows if row["n"]}


# --- the units ---------------------------------------------------------------------------------


def unit_figures(
    f: Filters, scope: Scope, now: datetime, *, units: frozenset[int] | None = None
) -> list[dict[str, Any]]:
    """The contract's figures of each handling unit (the centre's own self-handling is not a
    unit's work and is left out), without score and rank (the assessment adds them). `units`
    narrows the rows (a unit leader sees only their own)."""
    counted: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(UNIT_LIST_FIGURES, 0))
    rows = (
        _tallies(f, scope, fold.UNIT_FIGURES)
        .values("unit_id", "figure")
        .annotate(n=Sum("n"))
        .order_by()
    )
    for row in rows:
        counted[row["unit_id"]][row["figure"]] = int(row["n"] or 0)
    overdue = Case.objects.filter(_overdue(f, scope, now)).values("unit_id")
    for held in overdue.annotate(n=Count("id")).order_by():
        counted[held["unit_id"]][OVERDUE_OPEN] = int(held["n"])
    handling = Unit.objects.exclude(kind__in=CENTRE_KINDS)
    shown = [u for u in handling.order_by("sort_order", "code") if u.is_active or u.pk in counted]
    if units is not None:
        shown = [u for u in shown if u.pk in units]
    return [_unit_row(u, counted.get(u.pk) or dict.fromkeys(UNIT_LIST_FIGURES, 0)) for u in shown]


def _overdue(f: Filters, scope: Scope, now: datetime) -> Q:
    return _dimension_filter(f, scope) & Q(
        status__in=_HELD, current_due__lt=now, unit_id__isnull=False
    )


def _unit_row(unit: Unit, n: dict[str, int]) -> dict[str, Any]:
    return {
        "unit": unit.code,
        "name": unit.name,
        "assigned": n[fold.ASSIGNED],
        "completed": n[fold.COMPLETED],
        "completed_on_time": n[fold.COMPLETED_ON_TIME],
        "on_time_rate": rate(n[fold.COMPLETED_ON_TIME], n[fold.COMPLETED]),
        "overdue_open": n[OVERDUE_OPEN],
        "returned": n[fold.RETURNED],
        "extensions": n[fold.EXTENSIONS],
        "reworked": n[fold.REWORKED],
        "callbacks": n[fold.CALLBACKS],
        "reached": n[fold.REACHED],
        "satisfied": n[fold.SATISFIED],
        "satisfaction_rate": rate(n[fold.SATISFIED], n[fold.REACHED]),
    }


# --- the drill-down ----------------------------------------------------------------------------

LISTABLE = (*CASE_FIGURES, *UNIT_LIST_FIGURES)


def cases_behind(
    figure: str, f: Filters, scope: Scope, now: datetime, *, unit: str | None = None
) -> QuerySet[Case]:
    """The cases a number counts (each once), newest first — to be narrowed further by the
    access gate. A unit figure needs its unit; a case figure may be narrowed to a unit's
    cases too (those it holds or held)."""
    if figure not in LISTABLE:
        raise UnknownFilter("list", gettext("is not a figure that can be listed"))
    unit_id = _unit_id(unit) if unit else None
    zone = calendar.time_zone()
    # A mark's day is the local date of `received_at`, and a unit figure comes after the case
    # was received: the bound lets the page read `case_received_at` from the period's end.
    until = datetime.combine(f.end + timedelta(days=1), time.min, tzinfo=zone)
    if figure in CASE_FIGURES:
        marks = CaseMark.objects.filter(
            _dimension_filter(f, scope), day__gte=f.start, day__lte=f.end
        )
        if figure != RECEIVED:
            marks = marks.filter(**{figure: True})
        since = datetime.combine(f.start, time.min, tzinfo=zone)
        qs = Case.objects.filter(
            pk__in=marks.values("case_id"), received_at__gte=since, received_at__lt=until
        )
        if unit_id is not None:  # EXISTS, not a join: no DISTINCT over every column
            qs = qs.filter(Exists(Assignment.objects.filter(case=OuterRef("pk"), unit_id=unit_id)))
        return qs.order_by("-received_at", "-id")
    if unit_id is None:
        raise UnknownFilter("unit", gettext("is required to list a unit's figure"))
    if figure == OVERDUE_OPEN:
        return Case.objects.filter(_overdue(f, scope, now), unit_id=unit_id).order_by(
            "current_due", "id"
        )
    facts = UnitFact.objects.filter(
        unit_id=unit_id, figure=figure, day__gte=f.start, day__lte=f.end
    ).values("case_id")
    return Case.objects.filter(
        _dimension_filter(f, scope), pk__in=facts, received_at__lt=until
    ).order_by("-received_at", "-id")


def _unit_id(code: str) -> int:
    uid = unit_tree().id_for_code(code)
    if uid is None:
        raise UnknownFilter("unit", gettext("no unit has this code"))
    return uid


# --- series (trends) ---------------------------------------------------------------------------


def series(
    f: Filters, scope: Scope, figure: str = RECEIVED, *, unit: int | None = None, by: str = "day"
) -> list[tuple[date, int]]:
    """A figure per day (or per month: `by="month"`, each month by its first day) over the
    period, every day or month present (zeros included): the trend lines. A unit figure needs
    the unit's id."""
    rows = _tallies(f, scope, (figure,))
    if unit is not None:
        rows = rows.filter(unit_id=unit)
    counted: dict[date, int] = defaultdict(int)
    for row in rows.values("day").annotate(n=Sum("n")).order_by():
        day = row["day"] if by == "day" else row["day"].replace(day=1)
        counted[day] += int(row["n"] or 0)
    return [(day, counted.get(day, 0)) for day in _steps(f.start, f.end, by)]


def _steps(start: date, end: date, by: str) -> list[date]:
    if by == "day":
        return [start + timedelta(days=i) for i in range((end - start).days + 1)]
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months
