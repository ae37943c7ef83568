"""tousu.lib.workdays: every expected date below was counted by hand from the State Council's
published schedules (国务院办公厅关于节假日安排的通知) for 2025 and 2026, never with the code
under test.

2025  Spring Festival  off Tue Jan 28 – Tue Feb 4;  work Sun Jan 26, Sat Feb 8
      Labour Day       off Thu May 1 – Mon May 5;   work Sun Apr 27
      Dragon Boat      off Sat May 31 – Mon Jun 2
      National Day     off Wed Oct 1 – Wed Oct 8;   work Sun Sep 28, Sat Oct 11
2026  New Year         off Thu Jan 1 – Sat Jan 3;   work Sun Jan 4
      Spring Festival  off Sun Feb 15 – Mon Feb 23; work Sat Feb 14, Sat Feb 28
      Labour Day       off Fri May 1 – Tue May 5;   work Sat May 9
      Mid-Autumn       off Fri Sep 25 – Sun Sep 27; work Sun Sep 20
      National Day     off Thu Oct 1 – Wed Oct 7;   work Sat Oct 10
2027  unknown to chinese_calendar 1.11: Mon–Fri minus Jan 1, May 1–2, Oct 1–3, provisional.
"""

import pickle
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from tests.unknown_year import require_2027_unknown
from tousu.lib.workdays import Deadline, WorkCalendar, Workday, deadline_at

SHANGHAI = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


@pytest.fixture(autouse=True)
def _2027_is_not_known_yet() -> None:
    require_2027_unknown()  # many expectations below are 2027's weekday fallback


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- the data itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Spring Festival 2025
        ("2025-01-24", True),  # Fri
        ("2025-01-25", False),  # Sat
        ("2025-01-26", True),  # Sun, make-up workday
        ("2025-01-27", True),  # Mon
        ("2025-01-28", False),  # Tue, 除夕
        ("2025-01-31", False),  # Fri
        ("2025-02-04", False),  # Tue, last day off
        ("2025-02-05", True),  # Wed
        ("2025-02-08", True),  # Sat, make-up workday
        ("2025-02-09", False),  # Sun
        # Labour Day 2025
        ("2025-04-27", True),  # Sun, make-up workday
        ("2025-05-01", False),
        ("2025-05-05", False),  # Mon
        ("2025-05-06", True),
        # Dragon Boat 2025
        ("2025-06-02", False),  # Mon
        # National Day 2025
        ("2025-09-28", True),  # Sun, make-up workday
        ("2025-10-01", False),
        ("2025-10-06", False),  # Mon (Mid-Autumn falls inside the week)
        ("2025-10-08", False),  # Wed
        ("2025-10-09", True),  # Thu
        ("2025-10-11", True),  # Sat, make-up workday
        ("2025-10-12", False),  # Sun
        # New Year 2026
        ("2026-01-01", False),
        ("2026-01-02", False),  # Fri
        ("2026-01-04", True),  # Sun, make-up workday
        # Spring Festival 2026
        ("2026-02-13", True),  # Fri
        ("2026-02-14", True),  # Sat, make-up workday
        ("2026-02-15", False),  # Sun
        ("2026-02-16", False),  # Mon, 除夕
        ("2026-02-23", False),  # Mon, last day off
        ("2026-02-24", True),  # Tue
        ("2026-02-28", True),  # Sat, make-up workday
        ("2026-03-01", False),  # Sun
        # Labour Day 2026
        ("2026-05-01", False),
        ("2026-05-05", False),  # Tue
        ("2026-05-06", True),
        ("2026-05-09", True),  # Sat, make-up workday
        # Mid-Autumn and National Day 2026
        ("2026-09-20", True),  # Sun, make-up workday
        ("2026-09-25", False),  # Fri, Mid-Autumn
        ("2026-09-28", True),  # Mon
        ("2026-10-01", False),
        ("2026-10-07", False),  # Wed
        ("2026-10-08", True),  # Thu
        ("2026-10-10", True),  # Sat, make-up workday
        ("2026-10-11", False),  # Sun
        # Plain weeks
        ("2026-11-23", True),  # Mon
        ("2026-11-28", False),  # Sat
    ],
)
def test_a_day_is_a_working_day_exactly_as_the_official_schedule_says(
    day: str, expected: bool
) -> None:
    assert CAL.is_workday(d(day)) is expected


def test_chinese_calendar_holds_the_2025_and_2026_schedules_the_tests_were_written_from() -> None:
    make_up_days = sorted(day for day in chinese_calendar.workdays if day.year in (2025, 2026))
    assert make_up_days == [
        d(x)
        for x in [
            "2025-01-26",
            "2025-02-08",
            "2025-04-27",
            "2025-09-28",
            "2025-10-11",
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10",
        ]
    ]
    days_off_2026 = {day for day in chinese_calendar.holidays if day.year == 2026}
    assert {d("2026-02-15") + timedelta(days=i) for i in range(9)} <= days_off_2026
    assert {d("2026-10-01") + timedelta(days=i) for i in range(7)} <= days_off_2026


def test_every_day_of_2004_to_2026_agrees_with_chinese_calendar_is_workday() -> None:
    # workdays.py reads the package's tables directly (its is_workday() is ~50 µs a call);
    # this guards that shortcut against a change of the package's rules.
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert CAL.is_workday(day) is chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("year", "working_days"),
    [
        # 261 weekdays, minus 18 weekday holidays, plus 5 make-up days
        (2025, 248),
        # 261 weekdays, minus 19 weekday holidays, plus 6 make-up days
        (2026, 248),
        # fallback: 261 weekdays minus Fri Jan 1 and Fri Oct 1 (May 1–2, Oct 2–3 fall on weekends)
        (2027, 259),
    ],
)
def test_a_whole_year_has_the_expected_number_of_working_days(year: int, working_days: int) -> None:
    assert CAL.workdays_between(date(year - 1, 12, 31), date(year, 12, 31)) == working_days


# --- add_workdays -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Spring Festival 2025, from Fri Jan 24: Sun 26 (make-up) and Mon 27, then nothing until
        # Wed Feb 5; Sat Feb 8 counts.
        ("2025-01-24", 1, "2025-01-26"),
        ("2025-01-24", 2, "2025-01-27"),
        ("2025-01-24", 3, "2025-02-05"),
        ("2025-01-24", 10, "2025-02-13"),
        ("2025-01-24", 15, "2025-02-20"),
        # Spring Festival 2026, from Fri Feb 13: Sat 14 (make-up), then Tue Feb 24.
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-13", 2, "2026-02-24"),
        ("2026-02-13", 10, "2026-03-05"),
        ("2026-02-13", 15, "2026-03-12"),
        # Labour Day 2025, from Fri Apr 25: Sun Apr 27 (make-up) counts, May 1–5 do not.
        ("2025-04-25", 1, "2025-04-27"),
        ("2025-04-25", 5, "2025-05-06"),
        ("2025-04-25", 10, "2025-05-13"),
        ("2025-04-25", 15, "2025-05-20"),
        # Labour Day 2026, from Thu Apr 30: May 1–5 off, Sat May 9 counts.
        ("2026-04-30", 1, "2026-05-06"),
        ("2026-04-30", 4, "2026-05-09"),
        ("2026-04-30", 10, "2026-05-18"),
        ("2026-04-30", 15, "2026-05-25"),
        # National Day 2025, from Fri Sep 26: Sun Sep 28 (make-up), 29, 30, then Thu Oct 9.
        ("2025-09-26", 1, "2025-09-28"),
        ("2025-09-26", 4, "2025-10-09"),
        ("2025-09-26", 10, "2025-10-16"),
        ("2025-09-26", 15, "2025-10-23"),
        # Mid-Autumn and National Day 2026, from Fri Sep 18: Sun Sep 20 (make-up), skip
        # Sep 25–27 and Oct 1–7, Sat Oct 10 counts.
        ("2026-09-18", 1, "2026-09-20"),
        ("2026-09-18", 5, "2026-09-24"),
        ("2026-09-18", 6, "2026-09-28"),
        ("2026-09-18", 9, "2026-10-08"),
        ("2026-09-18", 10, "2026-10-09"),
        ("2026-09-18", 15, "2026-10-15"),
        # Plain weeks: Mon + 1 = Tue; Fri + 1 = Mon; Sat + 1 = Mon.
        ("2026-11-23", 1, "2026-11-24"),
        ("2026-11-27", 1, "2026-11-30"),
        ("2026-11-28", 1, "2026-11-30"),
        ("2026-11-23", 15, "2026-12-14"),
    ],
)
def test_the_nth_working_day_after_a_day_around_the_statutory_holidays(
    start: str, n: int, expected: str
) -> None:
    assert CAL.add_workdays(d(start), n) == Workday(d(expected), provisional=False)


def test_fifteen_working_days_after_national_day_2025_skips_the_golden_week_and_counts_the_make_up_saturday() -> (  # noqa: E501
    None
):
    # Oct 9 (1), 10, Sat 11, 13, 14, 15, 16, 17, 20, 21 (10), 22, 23, 24, 27, Tue 28 (15).
    assert CAL.add_workdays(d("2025-10-01"), 15) == Workday(d("2025-10-28"), False)


def test_fifteen_working_days_after_national_day_2026_count_saturday_oct_10() -> None:
    # Oct 8 (1), 9, Sat 10, 12, 13, 14, 15, 16, 19, 20 (10), 21, 22, 23, 26, Tue 27 (15).
    assert CAL.add_workdays(d("2026-10-01"), 15) == Workday(d("2026-10-27"), False)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 初二 2025: the first working day is Wed Feb 5.
        ("2025-01-29", 1, "2025-02-05"),
        ("2025-01-29", 2, "2025-02-06"),
        ("2025-01-29", 4, "2025-02-08"),
        ("2025-01-29", 10, "2025-02-17"),
        ("2025-01-29", 15, "2025-02-24"),
        # 初一 2026
        ("2026-02-17", 1, "2026-02-24"),
        ("2026-02-17", 15, "2026-03-13"),
        # Oct 1, 2025: accept_due of a case received on National Day
        ("2025-10-01", 1, "2025-10-09"),
        ("2025-10-01", 2, "2025-10-10"),
        ("2025-10-01", 10, "2025-10-21"),
        # Oct 1, 2026
        ("2026-10-01", 2, "2026-10-09"),
        ("2026-10-01", 10, "2026-10-20"),
    ],
)
def test_a_start_on_a_holiday_counts_from_the_first_working_day_after_the_break(
    start: str, n: int, expected: str
) -> None:
    assert CAL.add_workdays(d(start), n).day == d(expected)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-02-08", 1, "2025-02-10"),  # Sat make-up -> Mon
        ("2025-02-08", 15, "2025-02-28"),
        ("2025-01-26", 1, "2025-01-27"),  # Sun make-up -> Mon
        ("2025-01-26", 2, "2025-02-05"),
        ("2026-02-14", 1, "2026-02-24"),  # Sat make-up -> Tue after the break
        ("2026-02-14", 15, "2026-03-13"),
        ("2025-10-11", 1, "2025-10-13"),
        ("2026-10-10", 1, "2026-10-12"),
    ],
)
def test_a_start_on_a_make_up_workday_does_not_count_that_day_itself(
    start: str, n: int, expected: str
) -> None:
    assert CAL.add_workdays(d(start), n).day == d(expected)


@pytest.mark.parametrize("start", ["2025-10-01", "2025-02-08", "2027-01-01", "2026-11-28"])
def test_zero_working_days_after_a_day_is_that_day_itself_whatever_it_is(start: str) -> None:
    assert CAL.add_workdays(d(start), 0) == Workday(d(start), False)


def test_a_negative_number_of_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL.add_workdays(d("2025-10-01"), -1)


# --- 2027 and other unknown years --------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2027-01-01", False),  # Fri, New Year
        ("2027-01-02", False),  # Sat
        ("2027-01-04", True),  # Mon
        ("2027-02-08", True),  # Mon (the real Spring Festival is unknowable here)
        ("2027-04-30", True),  # Fri
        ("2027-05-03", True),  # Mon: May 1–2 fall on the weekend, nothing is moved
        ("2027-10-01", False),  # Fri, National Day
        ("2027-10-04", True),  # Mon
        ("2028-05-01", False),  # Mon, Labour Day
        ("2028-05-02", False),  # Tue, Labour Day
        ("2028-05-03", True),  # Wed
        ("2028-10-03", False),  # Tue, National Day
        ("2003-10-01", False),  # before chinese_calendar's first year
        ("2003-10-06", True),
        ("2003-10-04", False),  # Sat
    ],
)
def test_years_outside_chinese_calendar_fall_back_to_weekdays_minus_fixed_date_holidays(
    day: str, expected: bool
) -> None:
    assert CAL.is_workday(d(day)) is expected


@pytest.mark.parametrize(
    ("day", "known"),
    [
        ("2003-12-31", False),
        ("2004-01-01", True),
        ("2026-12-31", True),
        ("2027-01-01", False),
        ("2030-06-01", False),
    ],
)
def test_the_calendar_knows_exactly_the_years_chinese_calendar_covers(
    day: str, known: bool
) -> None:
    assert CAL.is_known(d(day)) is known


@pytest.mark.parametrize(
    ("n", "expected", "provisional"),
    [
        # From Thu Dec 17, 2026: Fri 18 (1), 21–25 (2–6), 28–31 (7–10) …
        (9, "2026-12-30", False),
        (10, "2026-12-31", False),
        # … Fri Jan 1, 2027 is off: Mon Jan 4 (11), 5, 6, 7, Fri Jan 8 (15).
        (11, "2027-01-04", True),
        (15, "2027-01-08", True),
    ],
)
def test_a_deadline_crossing_into_2027_uses_the_weekday_fallback_and_is_provisional(
    n: int, expected: str, provisional: bool
) -> None:
    assert CAL.add_workdays(d("2026-12-17"), n) == Workday(d(expected), provisional)


def test_one_working_day_after_new_years_eve_2026_skips_friday_jan_1_2027() -> None:
    assert CAL.add_workdays(d("2026-12-31"), 1) == Workday(d("2027-01-04"), True)


def test_a_weekend_examined_in_an_unknown_year_makes_the_result_provisional_too() -> None:
    # Fri Dec 31, 2027 + 1: Sat Jan 1 2028 … Mon Jan 3 2028, all in unknown years.
    assert CAL.add_workdays(d("2027-12-31"), 1) == Workday(d("2028-01-03"), True)


def test_only_the_days_actually_examined_decide_whether_a_result_is_provisional() -> None:
    # Wed Dec 31, 2003 + 1: Thu Jan 1, 2004 (off) and Fri Jan 2 are both in a known year.
    assert CAL.add_workdays(d("2003-12-31"), 1) == Workday(d("2004-01-02"), False)
    # Tue Dec 30, 2003 + 2: Wed Dec 31, 2003 (fallback) is examined on the way.
    assert CAL.add_workdays(d("2003-12-30"), 2) == Workday(d("2004-01-02"), True)


# --- overrides and published years --------------------------------------------------------------

# A hypothetical 2027 Spring Festival entered by the administrator: Mon Feb 8 – Fri Feb 12 off
# (with the weekends around them), make-up workdays Sun Feb 7 and Sat Feb 20.
SPRING_2027 = {
    **{d("2027-02-08") + timedelta(days=i): False for i in range(5)},
    d("2027-02-07"): True,
    d("2027-02-20"): True,
}


def test_a_published_2027_with_its_overrides_gives_exact_deadlines() -> None:
    cal = WorkCalendar(overrides=SPRING_2027, published_years=frozenset({2027}))
    # From Thu Feb 4: Fri 5 (1), Sun 7 (2), Mon 15 (3) … Fri 19 (7), Sat 20 (8), Mon 22, Tue 23 (10)
    assert cal.add_workdays(d("2027-02-04"), 1) == Workday(d("2027-02-05"), False)
    assert cal.add_workdays(d("2027-02-04"), 2) == Workday(d("2027-02-07"), False)
    assert cal.add_workdays(d("2027-02-04"), 3) == Workday(d("2027-02-15"), False)
    assert cal.add_workdays(d("2027-02-04"), 8) == Workday(d("2027-02-20"), False)
    assert cal.add_workdays(d("2027-02-04"), 10) == Workday(d("2027-02-23"), False)
    assert cal.is_known(d("2027-06-01"))
    # A fixed-date holiday the administrator did not enter still falls back to a day off.
    assert not cal.is_workday(d("2027-01-01"))


def test_2027_overrides_without_publishing_the_year_are_obeyed_but_stay_provisional() -> None:
    cal = WorkCalendar(overrides=SPRING_2027)
    assert cal.add_workdays(d("2027-02-04"), 10) == Workday(d("2027-02-23"), True)
    # Only the days the administrator entered are known.
    assert cal.is_known(d("2027-02-07"))
    assert not cal.is_known(d("2027-02-05"))
    # Sun Feb 7 alone is examined and it is an override: exact.
    assert cal.add_workdays(d("2027-02-06"), 1) == Workday(d("2027-02-07"), False)


def test_publishing_2027_without_overrides_makes_the_weekday_fallback_official() -> None:
    cal = WorkCalendar(published_years=frozenset({2027}))
    assert cal.add_workdays(d("2026-12-17"), 15) == Workday(d("2027-01-08"), False)
    assert cal.add_workdays(d("2027-12-31"), 1) == Workday(d("2028-01-03"), True)


def test_an_override_turns_a_working_day_into_a_day_off_and_a_weekend_into_a_working_day() -> None:
    # After the Dragon Boat holiday (Mon Jun 2, 2025): Tue 3 off by override, Sat 7 worked.
    cal = WorkCalendar(overrides={d("2025-06-03"): False, d("2025-06-07"): True})
    assert not cal.is_workday(d("2025-06-03"))
    assert cal.is_workday(d("2025-06-07"))
    assert CAL.add_workdays(d("2025-06-02"), 1).day == d("2025-06-03")
    assert cal.add_workdays(d("2025-06-02"), 1) == Workday(d("2025-06-04"), False)
    assert CAL.add_workdays(d("2025-06-02"), 4).day == d("2025-06-06")
    assert cal.add_workdays(d("2025-06-02"), 4) == Workday(d("2025-06-07"), False)
    assert cal.add_workdays(d("2025-06-02"), 5) == Workday(d("2025-06-09"), False)


def test_an_override_beats_chinese_calendar_on_its_own_holidays_and_make_up_days() -> None:
    cal = WorkCalendar(overrides={d("2025-02-08"): False, d("2025-10-08"): True})
    assert not cal.is_workday(d("2025-02-08"))  # official make-up Saturday
    assert cal.is_workday(d("2025-10-08"))  # official day off
    assert cal.add_workdays(d("2025-10-01"), 1) == Workday(d("2025-10-08"), False)
    assert cal.add_workdays(d("2025-02-07"), 1) == Workday(d("2025-02-10"), False)


def test_the_calendar_copies_the_overrides_it_is_given() -> None:
    table = {d("2025-06-03"): False}
    cal = WorkCalendar(overrides=table)
    table[d("2025-06-04")] = False
    assert cal.is_workday(d("2025-06-04"))
    assert dict(cal.overrides) == {d("2025-06-03"): False}


def test_the_calendar_is_hashable_comparable_and_picklable() -> None:
    a = WorkCalendar(overrides={d("2025-06-03"): False}, published_years=frozenset({2027}))
    b = WorkCalendar(overrides={d("2025-06-03"): False}, published_years=frozenset({2027}))
    assert a == b
    assert hash(a) == hash(b)
    assert a != WorkCalendar(overrides={d("2025-06-03"): True}, published_years=frozenset({2027}))
    assert a != WorkCalendar()
    copy = pickle.loads(pickle.dumps(a))
    assert copy == a
    assert hash(copy) == hash(a)
    assert copy.add_workdays(d("2025-06-02"), 1).day == d("2025-06-04")
    with pytest.raises(AttributeError):
        a.published_years = frozenset()  # type: ignore[misc]


def test_an_override_value_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="must be a bool"):
        WorkCalendar(overrides={d("2025-06-03"): 0})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.is_workday(datetime(2025, 10, 1, tzinfo=UTC)),
        lambda: CAL.add_workdays(datetime(2025, 10, 1, tzinfo=UTC), 1),
        lambda: CAL.workdays_between(d("2025-10-01"), datetime(2025, 10, 9)),
        lambda: WorkCalendar(overrides={datetime(2025, 10, 1): True}),
    ],
)
def test_a_datetime_is_refused_where_a_local_date_is_expected(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError, match=r"expected a datetime\.date"):
        call()


# --- workdays_between and remaining_workdays -----------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-09-30", "2025-10-09", 1),  # only Oct 9
        ("2025-09-26", "2025-10-11", 6),  # Sep 28, 29, 30, Oct 9, 10, 11
        ("2025-01-24", "2025-02-20", 15),
        ("2026-02-13", "2026-03-12", 15),
        ("2026-12-30", "2027-01-05", 3),  # Dec 31, Jan 4, Jan 5
        ("2025-10-01", "2025-10-08", 0),  # the whole golden week
        ("2025-10-09", "2025-10-09", 0),  # empty interval
        ("2025-10-10", "2025-10-09", 0),  # reversed interval
        ("2025-10-08", "2025-10-09", 1),  # the end day counts
        ("2025-10-09", "2025-10-10", 1),  # the start day does not
    ],
)
def test_working_days_between_two_days_count_the_end_but_not_the_start(
    start: str, end: str, expected: int
) -> None:
    assert CAL.workdays_between(d(start), d(end)) == expected


@pytest.mark.parametrize(
    ("today", "due", "expected"),
    [
        ("2025-09-30", "2025-10-09", 1),  # Oct 9 itself is left
        ("2025-09-26", "2025-10-23", 15),
        ("2025-10-08", "2025-10-09", 1),
        ("2025-10-09", "2025-10-09", 0),  # due today
        ("2025-10-10", "2025-10-09", -1),  # Fri after a Thu deadline
        ("2025-10-11", "2025-10-09", -2),  # make-up Sat counts as overdue working day
        ("2025-10-12", "2025-10-09", -2),  # Sun adds nothing
        ("2025-10-13", "2025-10-09", -3),
        ("2025-10-02", "2025-10-01", 0),  # past a day-off deadline, but no working day lost
        ("2025-10-09", "2025-09-30", -1),  # the whole golden week is a single working day late
        ("2026-12-31", "2027-01-04", 1),
        ("2027-01-04", "2026-12-31", -1),
    ],
)
def test_remaining_working_days_are_positive_until_due_and_negative_after(
    today: str, due: str, expected: int
) -> None:
    assert CAL.remaining_workdays(d(today), d(due)) == expected


# --- deadline_at ---------------------------------------------------------------------------------


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, sec, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # accept_due (n = 1) ends at 23:59:59 Beijing time = 15:59:59 UTC.
        (utc(2025, 11, 24, 2, 0), 1, utc(2025, 11, 25, 15, 59, 59)),
        # 2025-09-30T17:00Z is Oct 1 01:00 in Shanghai: counted from Oct 1.
        (utc(2025, 9, 30, 17, 0), 1, utc(2025, 10, 9, 15, 59, 59)),
        (utc(2025, 9, 30, 17, 0), 15, utc(2025, 10, 28, 15, 59, 59)),
        # 2025-09-27T16:30Z is Sun Sep 28 00:30 local (a make-up day): next is Mon Sep 29,
        # whereas the UTC date (Sat Sep 27) would give Sun Sep 28.
        (utc(2025, 9, 27, 16, 30), 1, utc(2025, 9, 29, 15, 59, 59)),
        # 2025-10-08T16:00Z is Thu Oct 9 00:00 local: next is Fri Oct 10, not Thu Oct 9.
        (utc(2025, 10, 8, 16, 0), 1, utc(2025, 10, 10, 15, 59, 59)),
        # One second before local midnight still belongs to Oct 9.
        (utc(2025, 10, 9, 15, 59, 59), 1, utc(2025, 10, 10, 15, 59, 59)),
        (utc(2025, 10, 9, 15, 59, 59), 2, utc(2025, 10, 11, 15, 59, 59)),
        (utc(2026, 2, 13, 1, 0), 2, utc(2026, 2, 24, 15, 59, 59)),
        (utc(2026, 2, 13, 1, 0), 10, utc(2026, 3, 5, 15, 59, 59)),
    ],
)
def test_a_deadline_ends_at_local_midnight_minus_one_second_of_the_nth_working_day(
    start: datetime, n: int, expected: datetime
) -> None:
    result = deadline_at(CAL, start, n, SHANGHAI)
    assert result == Deadline(expected, False)
    assert result.at.tzinfo is UTC


def test_a_deadline_accepts_a_start_given_in_any_time_zone() -> None:
    start = datetime(2025, 10, 1, 1, 0, tzinfo=SHANGHAI)
    assert deadline_at(CAL, start, 1, SHANGHAI) == Deadline(utc(2025, 10, 9, 15, 59, 59), False)


def test_a_deadline_reaching_2027_is_provisional() -> None:
    start = datetime(2026, 12, 17, 9, 0, tzinfo=SHANGHAI)
    assert deadline_at(CAL, start, 15, SHANGHAI) == Deadline(utc(2027, 1, 8, 15, 59, 59), True)


def test_a_deadline_refuses_a_naive_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        deadline_at(CAL, datetime(2025, 10, 1, 9, 0), 1, SHANGHAI)


def test_a_fifteen_working_day_deadline_takes_well_under_a_millisecond() -> None:
    cal = WorkCalendar(overrides={d("2025-06-03"): False}, published_years=frozenset({2027}))
    starts = [utc(2025, 1, 1) + timedelta(hours=7 * i) for i in range(2000)]  # ~1.6 years
    for start in starts:  # warm the per-date cache, as a running server would be
        deadline_at(cal, start, 15, SHANGHAI)
    began = time.perf_counter()
    for start in starts:
        deadline_at(cal, start, 15, SHANGHAI)
    average = (time.perf_counter() - began) / len(starts)
    assert average < 0.001


# --- the n-th working day before a day (where a deadline's warning starts) ----------------------


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        ("2026-03-04", 1, "2026-03-03"),  # Wed -> Tue
        ("2026-03-09", 1, "2026-03-06"),  # Mon -> Fri over the weekend
        ("2026-03-09", 2, "2026-03-05"),
        ("2025-10-09", 1, "2025-09-30"),  # after golden week 2025 -> Tue before it
        ("2025-10-09", 2, "2025-09-29"),
        ("2025-10-09", 3, "2025-09-28"),  # Sun Sep 28, make-up workday
        ("2025-10-09", 4, "2025-09-26"),
        ("2025-10-13", 1, "2025-10-11"),  # Mon -> Sat Oct 11, make-up workday
        ("2026-02-24", 1, "2026-02-14"),  # after Spring Festival 2026 -> make-up Sat Feb 14
        ("2026-02-24", 2, "2026-02-13"),
        ("2026-01-05", 1, "2026-01-04"),  # Mon -> Sun Jan 4, make-up workday
        ("2026-01-05", 2, "2025-12-31"),  # over New Year 2026, into the previous year
        ("2027-01-04", 1, "2026-12-31"),  # 2027 fallback: Fri Jan 1 off
        ("2027-10-04", 1, "2027-09-30"),  # 2027 fallback: Oct 1–3 off
    ],
)
def test_the_nth_working_day_before_a_day_around_the_statutory_holidays(
    day: str, n: int, expected: str
) -> None:
    assert CAL.workdays_before(d(day), n) == d(expected)


@pytest.mark.parametrize("day", ["2025-10-01", "2025-02-08", "2027-01-01", "2026-11-28"])
def test_zero_working_days_before_a_day_is_that_day_itself_whatever_it_is(day: str) -> None:
    assert CAL.workdays_before(d(day), 0) == d(day)


def test_a_day_off_is_never_the_answer_when_counting_back_from_a_holiday() -> None:
    # From inside golden week 2025 the first working day back is Tue Sep 30.
    assert CAL.workdays_before(d("2025-10-05"), 1) == d("2025-09-30")


def test_counting_back_obeys_the_administrators_overrides() -> None:
    cal = WorkCalendar(overrides={d("2026-03-06"): False, d("2026-03-07"): True})
    assert cal.workdays_before(d("2026-03-09"), 1) == d("2026-03-07")  # the Saturday now works
    assert cal.workdays_before(d("2026-03-09"), 2) == d("2026-03-05")  # the Friday is off


def test_a_negative_number_of_working_days_back_is_refused() -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL.workdays_before(d("2026-03-09"), -1)


def test_counting_back_refuses_a_datetime() -> None:
    with pytest.raises(TypeError, match=r"expected a datetime\.date"):
        CAL.workdays_before(datetime(2026, 3, 9, tzinfo=UTC), 1)


def test_counting_back_then_forward_returns_to_every_working_day_of_2025_to_2027() -> None:
    # Exhaustive over three years (one of them on the fallback) and every warning window used.
    day, checked = d("2025-01-01"), 0
    while day <= d("2027-12-31"):
        if CAL.is_workday(day):
            for n in range(21):
                back = CAL.workdays_before(day, n)
                assert CAL.add_workdays(back, n).day == day, (day, n)
                assert CAL.workdays_between(back, day) == n, (day, n)
                checked += 1
        day += timedelta(days=1)
    assert checked == 21 * sum(
        CAL.is_workday(d("2025-01-01") + timedelta(days=i)) for i in range(365 + 365 + 365)
    )


# --- "known": the one definition behind every provisional flag ------------------------------------


@pytest.mark.parametrize(
    ("cal", "day", "known"),
    [
        (CAL, "2026-12-31", True),  # chinese_calendar's own table
        (CAL, "2027-01-04", False),  # not in the table, not published, no override
        (WorkCalendar(overrides={d("2027-01-04"): True}), "2027-01-04", True),  # an override
        (WorkCalendar(overrides={d("2027-01-04"): True}), "2027-01-05", False),
        (WorkCalendar(published_years=frozenset({2027})), "2027-06-01", True),  # published
    ],
)
def test_a_day_is_known_by_the_library_table_an_override_or_a_published_year(
    cal: WorkCalendar, day: str, known: bool
) -> None:
    assert cal.is_known(d(day)) is known


def test_an_overridden_day_in_an_unknown_year_does_not_make_the_count_provisional() -> None:
    # The result rests only on days the administrator fixed: is_known decides, as everywhere.
    cal = WorkCalendar(overrides={d("2027-01-01"): False, d("2027-01-02"): True})
    assert cal.add_workdays(d("2026-12-31"), 1) == Workday(d("2027-01-02"), False)
    assert CAL.add_workdays(d("2026-12-31"), 1) == Workday(d("2027-01-04"), True)
