"""Working-day arithmetic on the Chinese calendar: statutory holidays and make-up workdays (调休).

Pure Python (no Django). Precedence for one day: the administrator's override table, then the
`chinese_calendar` package, then a weekday fallback for years the package does not know. A result
that rests on the fallback is *provisional*: the official schedule of that year may still move it.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any, NamedTuple

import chinese_calendar

__all__ = [
    "END_OF_DAY",
    "FIXED_HOLIDAYS",
    "LIBRARY_FIRST_YEAR",
    "LIBRARY_LAST_YEAR",
    "Deadline",
    "WorkCalendar",
    "Workday",
    "deadline_at",
    "fallback_is_workday",
    "library_knows_year",
]

# chinese_calendar derives its own range from its holiday table (2004–2026 in 1.11); ask it
# rather than hard-code, so that upgrading the package extends the known years by itself.
LIBRARY_FIRST_YEAR: int = min(chinese_calendar.holidays).year
LIBRARY_LAST_YEAR: int = max(chinese_calendar.holidays).year

# Fixed-date statutory holidays (全国年节及纪念日放假办法, 2025): 元旦 Jan 1, 劳动节 May 1–2,
# 国庆节 Oct 1–3. Lunar holidays and the make-up days cannot be guessed, hence "provisional".
FIXED_HOLIDAYS: frozenset[tuple[int, int]] = frozenset(
    {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}
)

# "N working days after D" ends at this local time of the N-th working day.
END_OF_DAY = time(23, 59, 59)

_ONE_DAY = timedelta(days=1)
_LIBRARY_WORKDAYS = chinese_calendar.workdays  # make-up workdays (调休上班), date -> name
_LIBRARY_HOLIDAYS = chinese_calendar.holidays  # days off, date -> name


class Workday(NamedTuple):
    day: date
    provisional: bool  # some day examined lay in a year the calendar does not know


class Deadline(NamedTuple):
    at: datetime  # aware, UTC
    provisional: bool


def library_knows_year(year: int) -> bool:
    return LIBRARY_FIRST_YEAR <= year <= LIBRARY_LAST_YEAR


def fallback_is_workday(day: date) -> bool:
    """Monday–Friday except the fixed-date statutory holidays."""
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


@lru_cache(maxsize=1 << 16)
def _base_day(day: date) -> tuple[bool, bool]:
    """(is_workday, known) without overrides.

    Reads chinese_calendar's public tables directly: its `is_workday()` rescans the whole holiday
    table on every call to find its supported range (~50 µs), too slow for a hot path.
    """
    if not library_knows_year(day.year):
        return fallback_is_workday(day), False
    if day in _LIBRARY_WORKDAYS:
        return True, True
    return day.weekday() < 5 and day not in _LIBRARY_HOLIDAYS, True


class _FrozenOverrides(Mapping[date, bool]):
    """An immutable, hashable date -> is_workday mapping (keeps WorkCalendar hashable)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[date, bool] | Iterable[tuple[date, bool]] = ()) -> None:
        self._data: dict[date, bool] = dict(data)
        self._hash: int | None = None
        for key, value in self._data.items():
            _require_date(key)
            if not isinstance(value, bool):
                raise TypeError(f"override for {key} must be a bool, not {type(value).__name__}")

    def __getitem__(self, key: date) -> bool:
        return self._data[key]

    def get(self, key: date, default: Any = None) -> Any:  # faster than Mapping.get
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[date]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _FrozenOverrides):
            return self._data == other._data
        return isinstance(other, Mapping) and self._data == dict(other.items())

    def __reduce__(self) -> tuple[type["_FrozenOverrides"], tuple[dict[date, bool]]]:
        # Never pickle the cached hash: date hashes are salted per process.
        return (type(self), (self._data,))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"


@dataclass(frozen=True)
class WorkCalendar:
    """The working-day calendar: an immutable value, cheap to hash, pickle and cache."""

    # Administrator's table date -> is_workday; always wins.
    overrides: Mapping[date, bool] = field(default_factory=_FrozenOverrides)
    # Years whose whole official schedule the administrator entered as overrides: "known".
    published_years: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if not isinstance(self.overrides, _FrozenOverrides):
            object.__setattr__(self, "overrides", _FrozenOverrides(self.overrides))
        if not isinstance(self.published_years, frozenset):
            object.__setattr__(self, "published_years", frozenset(self.published_years))

    def knows_year(self, year: int) -> bool:
        return year in self.published_years or library_knows_year(year)

    def unknown_years(self, start: date, end: date) -> list[int]:
        """The years from start's to end's (inclusive) that the calendar does not know."""
        return [y for y in range(start.year, end.year + 1) if not self.knows_year(y)]

    def is_known(self, day: date) -> bool:
        """Whether `day`'s status is settled: the one definition of "not provisional".

        Known means the administrator fixed the day (an override), or its year is in the
        chinese_calendar package's own table, or the administrator published the year. Every
        provisional flag (deadlines, the case's `deadline_provisional`, the system check's years)
        derives from this.
        """
        _require_date(day)
        return self._known(day)

    def _known(self, day: date) -> bool:
        return day in self.overrides or self.knows_year(day.year)

    def is_workday(self, day: date) -> bool:
        _require_date(day)
        return self._examine(day)[0]

    def add_workdays(self, day: date, n: int) -> Workday:
        """The n-th working day after `day` (`day` itself is never counted); n == 0 -> `day`."""
        _require_date(day)
        if n < 0:
            raise ValueError(f"n must be >= 0, not {n}")
        examine = self._examine
        provisional = False
        while n:
            day += _ONE_DAY
            workday, known = examine(day)
            if not known:
                provisional = True
            if workday:
                n -= 1
        return Workday(day, provisional)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end; 0 when end <= start."""
        _require_date(start)
        _require_date(end)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            count += self._examine(day)[0]
            day += _ONE_DAY
        return count

    def workdays_before(self, day: date, n: int) -> date:
        """The n-th working day before `day` (`day` itself is never counted); n == 0 -> `day`.

        The mirror of `add_workdays`: where a deadline's warning starts.
        """
        _require_date(day)
        if n < 0:
            raise ValueError(f"n must be >= 0, not {n}")
        examine = self._examine
        while n:
            day -= _ONE_DAY
            if examine(day)[0]:
                n -= 1
        return day

    def remaining_workdays(self, today: date, due: date) -> int:
        """Working days left until `due` (the due day counts); negative once `today` is past it.

        When overdue: minus the working days in (due, today], so a case due on a Friday is -0 on
        the weekend after it and -1 on Monday.
        """
        if today <= due:
            return self.workdays_between(today, due)
        return -self.workdays_between(due, today)

    def _examine(self, day: date) -> tuple[bool, bool]:
        """(is_workday, known) for one day, overrides first."""
        override: bool | None = self.overrides.get(day)
        if override is not None:
            return override, True
        return _base_day(day)[0], self._known(day)


def deadline_at(cal: WorkCalendar, start: datetime, n: int, tz: tzinfo) -> Deadline:
    """23:59:59 local time (`tz`) of the n-th working day after `start`'s local date, in UTC."""
    if start.utcoffset() is None:
        raise ValueError("start must be an aware datetime")
    due = cal.add_workdays(start.astimezone(tz).date(), n)
    at = datetime.combine(due.day, END_OF_DAY, tzinfo=tz).astimezone(UTC)
    return Deadline(at, due.provisional)


def _require_date(value: object) -> None:
    # A datetime is a date subclass but never equals one: it would silently miss the overrides
    # and the holiday tables. The caller must decide which local date it means.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"expected a datetime.date, not {type(value).__name__}")
