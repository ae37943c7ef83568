"""The working-day calendar as the rest of Tousu uses it: loaded from the database, cached."""

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from tousu.lib.workdays import Deadline, WorkCalendar, deadline_at

from .models import CalendarOverride, PublishedYear

logger = logging.getLogger("tousu.calendar")

CACHE_KEY = "tousu:workcalendar:v1"  # bump the version when WorkCalendar's fields change
CACHE_TIMEOUT = 300  # seconds; also bounds staleness on other processes with a local cache

# Years already reported as unknown by this process: one warning per year is enough.
_warned_years: set[int] = set()


def load_calendar() -> WorkCalendar:
    """Build the calendar from the two tables (uncached)."""
    overrides = dict(CalendarOverride.objects.values_list("day", "is_workday"))
    years = frozenset(PublishedYear.objects.values_list("year", flat=True))
    return WorkCalendar(overrides=overrides, published_years=years)


def get_calendar() -> WorkCalendar:
    cal = cache.get(CACHE_KEY)
    if isinstance(cal, WorkCalendar):
        return cal
    cal = load_calendar()
    cache.set(CACHE_KEY, cal, CACHE_TIMEOUT)
    return cal


def invalidate_calendar() -> None:
    """Drop the cached calendar, now and again once the current transaction commits.

    Dropping it only now would let another process reload the old rows before our commit and
    cache them for CACHE_TIMEOUT.
    """
    cache.delete(CACHE_KEY)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def time_zone() -> ZoneInfo:
    """The centre's time zone (settings.TIME_ZONE), not the user's active one."""
    return ZoneInfo(settings.TIME_ZONE)


def local_date(dt: datetime) -> date:
    if dt.utcoffset() is None:
        raise ValueError("expected an aware datetime")
    return dt.astimezone(time_zone()).date()


def deadline(start: datetime, n: int) -> Deadline:
    """23:59:59 local time of the n-th working day after the local date of `start`."""
    cal = get_calendar()
    result = deadline_at(cal, start, n, time_zone())
    if result.provisional:
        _warn_unknown_years(cal, local_date(start), local_date(result.at))
    return result


def remaining_workdays(now: datetime, due: datetime, cal: WorkCalendar | None = None) -> int:
    """Working days left until `due` by local dates; negative when overdue (see WorkCalendar).

    The one place "remaining working days" is computed: the case page, the lists, the overview,
    the export and the API all come here (through `cases.deadlines.remaining_workdays` when they
    hold a case). A list passes the calendar it fetched once instead of one cache read per row.
    """
    return (cal or get_calendar()).remaining_workdays(local_date(now), local_date(due))


def workdays_between(since: datetime, until: datetime) -> int:
    """Working days in (since's local date, until's local date]: the time a suspension cost."""
    return get_calendar().workdays_between(local_date(since), local_date(until))


def _warn_unknown_years(cal: WorkCalendar, first: date, last: date) -> None:
    for year in cal.unknown_years(first, last):
        if year in _warned_years:
            continue
        _warned_years.add(year)
        logger.warning(
            "Deadline rests on %d, a year the working-day calendar does not know; it is "
            "provisional (Monday–Friday minus Jan 1, May 1–2, Oct 1–3). Enter %d's holidays "
            "and make-up workdays as calendar overrides and publish the year.",
            year,
            year,
        )
