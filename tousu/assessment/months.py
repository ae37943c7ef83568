"""Months: a month is the date of its 1st; its moments are bounded in the centre's time zone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from tousu.calendar import services as calendar

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def first_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (first_of(month) + timedelta(days=32)).replace(day=1)


def previous_month(month: date) -> date:
    return (first_of(month) - timedelta(days=1)).replace(day=1)


def last_day(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def month_label(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def parse_month(text: str) -> date | None:
    """`"2026-10"` → 1 October 2026; None for anything else (years 2000 to 2100)."""
    found = _MONTH.match(text.strip())
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def is_whole_month(start: date, end: date) -> bool:
    return start.day == 1 and end == last_day(start)


def local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """From the start of `start` to the start of the day after `end`, in the centre's zone."""
    zone = calendar.time_zone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def months_until(last: date, count: int) -> list[date]:
    """`count` months ending with `last`, oldest first."""
    months = [first_of(last)]
    while len(months) < count:
        months.append(previous_month(months[-1]))
    return months[::-1]
