"""Stories about deadlines in a year the working-day calendar does not know yet.

Many tests tell them in 2027, the first year chinese_calendar 1.11 does not know. pyproject.toml
caps the library below the release that will know 2027, so that no upgrade changes these tests
silently; whoever lifts the cap is stopped by `require_2027_unknown` with what to do. Tests that
need no particular year (the system check's horizon) follow the library instead: `FIRST_UNKNOWN`.
"""

from __future__ import annotations

from tousu.lib.workdays import LIBRARY_LAST_YEAR, library_knows_year

LAST_KNOWN = LIBRARY_LAST_YEAR
FIRST_UNKNOWN = LIBRARY_LAST_YEAR + 1


def require_2027_unknown() -> None:
    assert not library_knows_year(2027), (
        "chinese_calendar now knows 2027: move these stories to the first year it does not know "
        "(tests.unknown_year.FIRST_UNKNOWN), with that year's weekdays"
    )
