"""After a bulk load the query planner knows the shape of the case table: without statistics
SQLite reads the overdue queue through the wrong index (docs/performance.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection

from tousu.cases.models import Case
from tousu.lib.dbstats import refresh_statistics


def _statistics_of_the_case_table() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases_case'")
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'cases_case'")
        row = cursor.fetchone()
    return int(row[0])


def test_refreshing_the_statistics_gives_the_planner_figures_for_the_case_table(
    make_case: Callable[..., Case],
) -> None:
    for _ in range(3):
        make_case()

    refresh_statistics()

    assert _statistics_of_the_case_table() > 0
