"""Scores and ranks of the units (考核) in the statistics' units table: `ranked(rows, start, end)`
adds "score" (2 decimals) and "rank" (1 = best, competition ranking) to each row of
`stats.query.unit_figures` and returns them best first. A whole calendar month that is frozen
gives its frozen scores and ranks; any other period, and rows narrowed by a filter
(`filtered`), are scored by the scheme in force at `start` (docs/assessment.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .ranking import apply


def ranked(
    rows: list[dict[str, Any]], start: date, end: date, *, filtered: bool = False
) -> list[dict[str, Any]]:
    return apply(rows, start, end, filtered=filtered)
