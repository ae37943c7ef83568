"""Scores and ranks of the units (考核). Placeholder interface, replaced by the scheme-based
scoring: `ranked(rows, start, end)` adds "score" and "rank" to each row of
`stats.query.unit_figures` and returns them best first."""

from __future__ import annotations

from datetime import date
from typing import Any


def ranked(rows: list[dict[str, Any]], start: date, end: date) -> list[dict[str, Any]]:
    for row in rows:
        row["score"] = None
        row["rank"] = None
    return rows
