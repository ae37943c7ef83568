"""Planner statistics after bulk writes.

PostgreSQL's autovacuum keeps statistics; SQLite has none until someone runs `ANALYZE`, and
without them it picks the `centre_id` index for the overdue queue and sorts the whole centre
(docs/performance.md: 84 → 15 ms for that list on 100,000 cases once analysed). So the demo
loader and the benchmark's bulk loads analyse when they are done. (Not `migrate`: statistics of
empty tables would mislead the planner later.)
"""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> None:
    """Let the query planner see the current shape of the tables."""
    with connection.cursor() as cursor:
        # A full ANALYZE: with SQLite's `analysis_limit` sampling the estimates for `centre_id`
        # came out so coarse that the overdue queue went back to the wrong index (39 vs 0.3 ms).
        # Under a second at 100,000 cases.
        cursor.execute("ANALYZE")
