"""Changes to tousu/stats and tousu/api/stats.py proposed by bench_stats.py, written here so that
the benchmark could time them (`--proposals`) without touching the application. They were then
applied to `tousu/` (bench/stats_proposals.diff, 2026-12-01); `--proposals` now says so and
times nothing more. Each mirrors the
application function it would replace; `bench_stats.py` checks that the answers are the same.

1. `TALLY_INDEX`: an index on the rollup led by the figure, covering what the reports read, so
   that each report query reads its figure's rows of the period only, from the index alone
   (the unique key leads with the day: a month's scan reads every figure's rows, then the
   table for `n`).
2. `summary`: the month report in four rollup queries instead of nine — the breakdowns by kind,
   channel, severity and category of the cases received come from one GROUP BY, and the
   comparisons read the figure `received` only.
3. `listed` / `cases_behind`: the drill-down narrows the cases by the reader's access gate in the
   same query (not `id IN (SELECT id FROM cases_case …)`), bounds `received_at` by the period
   (exact for the case figures: a mark's day is the local date of `received_at`; for the unit
   figures the cases were received before the period ended), and counts up to 1,000 like the
   queue lists (`listing.COUNT_LIMIT`).
4. `add_to_tally`: the rollup's upsert with nine array parameters (`unnest`) instead of
   1,000-row VALUES lists (psycopg parses each 9,000-placeholder statement in Python).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any

# Every column a report reads is in the key (not INCLUDE, which SQLite does not have: Django
# warns, models.W040), so that PostgreSQL answers from the index alone.
TALLY_INDEX = (
    "CREATE INDEX IF NOT EXISTS stats_tally_figure_day ON stats_tally "
    "(figure, day, unit_id, centre_id, category_id, kind, channel, severity, n)"
)
TALLY_INDEX_DROP = "DROP INDEX IF EXISTS stats_tally_figure_day"
COUNT_LIMIT = 1000


# --- 2. the month report ---------------------------------------------------------------------


def summary(f: Any, scope: Any) -> dict[str, Any]:
    """`stats.query.summary`, same answer, fewer scans of the rollup."""
    from django.db.models import Sum

    from tousu.stats import query as q
    from tousu.stats.marks import CASE_FLAGS, RECEIVED

    received: Any = q._tallies(f, scope, (RECEIVED,))
    by: dict[str, dict[str, int]] = {n: defaultdict(int) for n in ("kind", "channel", "severity")}
    per_category: dict[int, int] = defaultdict(int)
    rows: list[dict[str, Any]] = list(
        received.values("kind", "channel", "severity", "category_id")
        .annotate(n=Sum("n"))
        .order_by()
    )
    for row in rows:
        n = int(row["n"] or 0)
        for name in by:
            by[name][row[name]] += n
        per_category[row["category_id"]] += n
    counts = q.totals(f, scope)
    now = {cid: n for cid, n in per_category.items() if n}
    previous, last_year = q._previous(f), q._last_year(f)
    before = {
        row["category_id"]: int(row["n"])
        for row in q._tallies(previous, scope, (RECEIVED,))
        .values("category_id")
        .annotate(n=Sum("n"))
        .order_by()
        if row["n"]
    }
    then = int(q._tallies(last_year, scope, (RECEIVED,)).aggregate(n=Sum("n"))["n"] or 0)
    return {
        "from": f.start.isoformat(),
        "to": f.end.isoformat(),
        "received": counts[RECEIVED],
        "by_kind": _nonzero(by["kind"]),
        "by_channel": _nonzero(by["channel"]),
        "by_severity": _nonzero(by["severity"]),
        "by_category": _by_category(now, f.category),
        **{flag: counts[flag] for flag in CASE_FLAGS},
        "compare": {
            "previous": _compared(previous, counts[RECEIVED], sum(before.values())),
            "last_year": _compared(last_year, counts[RECEIVED], then),
        },
        "hot_categories": _hot(now, before),
    }


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {key: n for key, n in sorted(counts.items()) if n}


def _compared(other: Any, received: int, then: int) -> dict[str, Any]:
    from tousu.stats.query import rate

    return {
        "from": other.start.isoformat(),
        "to": other.end.isoformat(),
        "received": then,
        "change": rate(received - then, then),
    }


def _by_category(counts: dict[int, int], branch: str | None) -> list[dict[str, Any]]:
    """`query._by_category` on counts already read."""
    from django.utils.translation import gettext

    from tousu.categories.models import Category
    from tousu.stats.query import _level_below, rate

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


def _hot(now: dict[int, int], before: dict[int, int], top: int = 10) -> list[dict[str, Any]]:
    """`query.hot_categories` on counts already read."""
    from tousu.categories.models import Category
    from tousu.stats.query import rate

    found = {pk: (code, name) for pk, code, name in Category.objects.filter(pk__in=list(now))
             .values_list("pk", "code", "name")}  # fmt: skip
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


# --- 3. the drill-down -----------------------------------------------------------------------


def cases_behind(figure: str, f: Any, scope: Any, now: datetime, *, unit: str | None = None) -> Any:
    """`stats.query.cases_behind` with `received_at` bounded by the period, and a case figure
    narrowed to a unit by EXISTS (no DISTINCT over every column of the case)."""
    from django.db.models import Exists, OuterRef

    from tousu.calendar import services as calendar
    from tousu.cases.models import Assignment, Case
    from tousu.stats import query as q
    from tousu.stats.marks import RECEIVED
    from tousu.stats.models import CaseMark

    zone = calendar.time_zone()
    end = datetime.combine(f.end + timedelta(days=1), time.min, tzinfo=zone)
    if figure in q.CASE_FIGURES:
        start = datetime.combine(f.start, time.min, tzinfo=zone)
        if figure not in q.LISTABLE:
            raise q.UnknownFilter("list", "is not a figure that can be listed")
        unit_id = q._unit_id(unit) if unit else None
        marks = CaseMark.objects.filter(
            q._dimension_filter(f, scope), day__gte=f.start, day__lte=f.end
        )
        if figure != RECEIVED:
            marks = marks.filter(**{figure: True})
        qs = Case.objects.filter(
            pk__in=marks.values("case_id"), received_at__gte=start, received_at__lt=end
        )
        if unit_id is not None:
            qs = qs.filter(Exists(Assignment.objects.filter(case=OuterRef("pk"), unit_id=unit_id)))
        return qs.order_by("-received_at", "-id")
    qs = q.cases_behind(figure, f, scope, now, unit=unit)
    if figure != q.OVERDUE_OPEN:
        return qs.filter(received_at__lt=end)
    return qs


def listed(request: Any, params: Any, reader: Any, now: Any) -> dict[str, Any]:
    """`api.stats._listed` with the access gate in the same query and a count up to 1,000."""
    from django.http import Http404

    from tousu.api.output import case_out
    from tousu.cases.access import visible_cases, with_views
    from tousu.orgs.staff import unit_tree

    assert params.list is not None
    if reader.units is not None:
        own = params.unit and unit_tree().id_for_code(params.unit) in reader.units
        if not own:
            raise Http404
    qs = cases_behind(params.list, params.filters(), reader.scope, now, unit=params.unit or None)
    visible = visible_cases(request.user)
    qs = qs.filter(pk__in=visible.values("pk")) if qs.query.distinct else qs & visible
    start = (params.page - 1) * params.page_size
    limit = max(COUNT_LIMIT, start + params.page_size) + 1
    # No ORDER BY inside: the database stops at the limit without sorting (as CappedPaginator).
    counted = qs.order_by().values("pk")[:limit].count()
    rows = with_views(
        qs.select_related("category", "unit", "centre").prefetch_related("complainants")[
            start : start + params.page_size
        ],
        request.user,
    )
    return {
        "items": [case_out(c, request.user, now) for c in rows],
        "total": min(counted, limit - 1),
        "total_is_at_least": counted >= limit,
        "page": params.page,
        "page_size": params.page_size,
    }


# --- 4. the rollup's writes ------------------------------------------------------------------


def add_to_tally(delta: dict[Any, int]) -> None:
    """`rollup._add_to_tally` on PostgreSQL with array parameters."""
    from django.db import connection

    from tousu.stats import rollup
    from tousu.stats.models import Tally

    if not delta:
        return
    table = connection.ops.quote_name(Tally._meta.db_table)
    columns = list(zip(*((str(k[0]), *k[1:], n) for k, n in delta.items()), strict=True))
    sql = (
        f"INSERT INTO {table} ({rollup._TALLY_COLUMNS}) "
        "SELECT * FROM unnest(%s::date[], %s::text[], %s::bigint[], %s::bigint[], "
        "%s::bigint[], %s::text[], %s::text[], %s::text[], %s::bigint[]) "
        "ON CONFLICT (day, figure, unit_id, centre_id, category_id, kind, channel, severity) "
        f"DO UPDATE SET n = {table}.n + excluded.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(c) for c in columns])
