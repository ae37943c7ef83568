"""tousu.calendar: the database tables, the cache, the admin and the system check."""

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.core import checks
from django.core.cache import cache
from django.db import IntegrityError, OperationalError, transaction
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone, translation
from pytest_django.fixtures import (
    DjangoAssertNumQueries,
    DjangoCaptureOnCommitCallbacks,
    Settings,
)

from tests.unknown_year import FIRST_UNKNOWN, LAST_KNOWN, require_2027_unknown
from tousu.calendar import services
from tousu.calendar.admin import CalendarOverrideAdmin
from tousu.calendar.checks import check_calendar_coverage
from tousu.calendar.models import CalendarOverride, PublishedYear
from tousu.lib.workdays import Deadline, WorkCalendar

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, sec, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fresh_calendar(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    require_2027_unknown()  # the stories below publish and override days of 2027
    services.invalidate_calendar()
    monkeypatch.setattr(services, "_warned_years", set())
    yield
    services.invalidate_calendar()


@pytest.fixture
def admin_request(admin_user: Any) -> HttpRequest:
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    return request


# --- building and caching the calendar -----------------------------------------------------------


def test_the_calendar_is_built_from_the_override_and_published_year_tables() -> None:
    CalendarOverride.objects.create(day=date(2025, 10, 8), is_workday=True, note="加班")
    CalendarOverride.objects.create(day=date(2027, 2, 8), is_workday=False)
    PublishedYear.objects.create(year=2027)
    assert services.get_calendar() == WorkCalendar(
        overrides={date(2025, 10, 8): True, date(2027, 2, 8): False},
        published_years=frozenset({2027}),
    )


def test_an_override_in_the_database_wins_over_chinese_calendar() -> None:
    # Wed Oct 8, 2025 is officially off; Mon Oct 13 officially a working day.
    CalendarOverride.objects.create(day=date(2025, 10, 8), is_workday=True)
    CalendarOverride.objects.create(day=date(2025, 10, 13), is_workday=False)
    start = utc(2025, 9, 30, 17, 0)  # Oct 1, 01:00 in Shanghai
    assert services.deadline(start, 1) == Deadline(utc(2025, 10, 8, 15, 59, 59), False)
    # Oct 8 (1), 9, 10, Sat 11 (4), Tue 14 (5): Mon Oct 13 is skipped.
    assert services.deadline(start, 5) == Deadline(utc(2025, 10, 14, 15, 59, 59), False)


def test_the_calendar_is_read_from_the_cache_until_invalidated(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    assert services.get_calendar() == WorkCalendar()
    CalendarOverride.objects.create(day=date(2025, 10, 8), is_workday=True)  # bypasses the admin
    with django_assert_num_queries(0):
        assert services.get_calendar() == WorkCalendar()
    services.invalidate_calendar()
    assert services.get_calendar() == WorkCalendar(overrides={date(2025, 10, 8): True})


def test_saving_an_override_in_the_admin_drops_the_cached_calendar(
    admin_request: HttpRequest,
) -> None:
    assert services.get_calendar() == WorkCalendar()
    model_admin = admin.site.get_model_admin(CalendarOverride)
    override = CalendarOverride(day=date(2025, 10, 8), is_workday=True)
    model_admin.save_model(admin_request, override, form=None, change=False)
    assert services.get_calendar() == WorkCalendar(overrides={date(2025, 10, 8): True})

    override.is_workday = False
    model_admin.save_model(admin_request, override, form=None, change=True)
    assert services.get_calendar() == WorkCalendar(overrides={date(2025, 10, 8): False})


def test_deleting_overrides_in_the_admin_drops_the_cached_calendar(
    admin_request: HttpRequest,
) -> None:
    first = CalendarOverride.objects.create(day=date(2025, 10, 8), is_workday=True)
    CalendarOverride.objects.create(day=date(2025, 10, 9), is_workday=False)
    CalendarOverride.objects.create(day=date(2025, 10, 10), is_workday=False)
    assert len(services.get_calendar().overrides) == 3
    model_admin = admin.site.get_model_admin(CalendarOverride)

    model_admin.delete_model(admin_request, first)
    assert services.get_calendar() == WorkCalendar(
        overrides={date(2025, 10, 9): False, date(2025, 10, 10): False}
    )
    model_admin.delete_queryset(admin_request, CalendarOverride.objects.all())
    assert services.get_calendar() == WorkCalendar()


def test_publishing_and_unpublishing_a_year_in_the_admin_drops_the_cached_calendar(
    admin_request: HttpRequest,
) -> None:
    start = datetime(2026, 12, 17, 9, 0, tzinfo=SHANGHAI)
    assert services.deadline(start, 15) == Deadline(utc(2027, 1, 8, 15, 59, 59), True)
    model_admin = admin.site.get_model_admin(PublishedYear)

    published = PublishedYear(year=2027, note="国办发明电〔2026〕")
    model_admin.save_model(admin_request, published, form=None, change=False)
    assert services.deadline(start, 15) == Deadline(utc(2027, 1, 8, 15, 59, 59), False)

    model_admin.delete_queryset(admin_request, PublishedYear.objects.all())
    assert services.deadline(start, 15) == Deadline(utc(2027, 1, 8, 15, 59, 59), True)


def test_invalidation_is_repeated_on_commit_so_a_concurrent_reload_cannot_keep_old_rows(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        CalendarOverride.objects.create(day=date(2025, 10, 8), is_workday=True)
        services.invalidate_calendar()
        # Another process reloads before our commit and caches the old rows.
        cache.set(services.CACHE_KEY, WorkCalendar(), services.CACHE_TIMEOUT)
    assert len(callbacks) == 1
    assert cache.get(services.CACHE_KEY) is None


# --- deadlines, provisional years and local dates ------------------------------------------------


def test_a_deadline_in_unpublished_2027_is_provisional_and_warns_once_naming_the_year(
    caplog: pytest.LogCaptureFixture,
) -> None:
    start = datetime(2026, 12, 17, 9, 0, tzinfo=SHANGHAI)
    with caplog.at_level(logging.WARNING, logger="tousu.calendar"):
        assert services.deadline(start, 15) == Deadline(utc(2027, 1, 8, 15, 59, 59), True)
        assert services.deadline(start, 11) == Deadline(utc(2027, 1, 4, 15, 59, 59), True)
    records = [r for r in caplog.records if r.name == "tousu.calendar"]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert "2027" in records[0].getMessage()


def test_a_deadline_within_2026_is_exact_and_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    start = datetime(2026, 12, 17, 9, 0, tzinfo=SHANGHAI)
    with caplog.at_level(logging.WARNING, logger="tousu.calendar"):
        assert services.deadline(start, 10) == Deadline(utc(2026, 12, 31, 15, 59, 59), False)
    assert [r for r in caplog.records if r.name == "tousu.calendar"] == []


def test_a_published_2027_with_its_overrides_is_not_provisional_and_logs_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The administrator enters a (hypothetical) New Year: Fri Jan 1 – Sun Jan 3 off, Mon Jan 4
    # off too, Sat Jan 9 worked, then publishes the year.
    CalendarOverride.objects.create(day=date(2027, 1, 1), is_workday=False)
    CalendarOverride.objects.create(day=date(2027, 1, 4), is_workday=False)
    CalendarOverride.objects.create(day=date(2027, 1, 9), is_workday=True)
    PublishedYear.objects.create(year=2027)
    start = datetime(2026, 12, 31, 9, 0, tzinfo=SHANGHAI)
    with caplog.at_level(logging.WARNING, logger="tousu.calendar"):
        assert services.deadline(start, 1) == Deadline(utc(2027, 1, 5, 15, 59, 59), False)
        # Tue 5 (1), 6, 7, 8, Sat 9 (5)
        assert services.deadline(start, 5) == Deadline(utc(2027, 1, 9, 15, 59, 59), False)
    assert [r for r in caplog.records if r.name == "tousu.calendar"] == []


def test_the_local_date_is_taken_in_the_centres_time_zone() -> None:
    assert services.local_date(utc(2025, 9, 30, 15, 59, 59)) == date(2025, 9, 30)
    assert services.local_date(utc(2025, 9, 30, 16, 0)) == date(2025, 10, 1)
    with pytest.raises(ValueError, match="aware"):
        services.local_date(datetime(2025, 9, 30, 16, 0))


def test_the_centres_time_zone_comes_from_the_settings(settings: Settings) -> None:
    settings.TIME_ZONE = "UTC"
    assert services.local_date(utc(2025, 9, 30, 17, 0)) == date(2025, 9, 30)
    # Counted from Tue Sep 30 (UTC): the deadline ends at 23:59:59 UTC of Thu Oct 9.
    assert services.deadline(utc(2025, 9, 30, 17, 0), 1) == Deadline(
        utc(2025, 10, 9, 23, 59, 59), False
    )


def test_the_current_timezone_of_a_request_does_not_move_a_deadline() -> None:
    with timezone.override(ZoneInfo("America/New_York")):
        result = services.deadline(utc(2025, 9, 30, 17, 0), 1)
    assert result == Deadline(utc(2025, 10, 9, 15, 59, 59), False)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2025, 10, 8, 15, 0), 1),  # Wed Oct 8, 23:00 local: Thu Oct 9 is left
        (utc(2025, 10, 8, 16, 0), 0),  # Thu Oct 9, 00:00 local: due today
        (utc(2025, 10, 9, 15, 59, 59), 0),  # the last second
        (utc(2025, 10, 9, 16, 0), -1),  # Fri Oct 10, 00:00 local
        (utc(2025, 10, 11, 3, 0), -2),  # make-up Saturday Oct 11
        (utc(2025, 10, 12, 3, 0), -2),  # Sunday adds nothing
        (utc(2025, 9, 30, 3, 0), 1),  # before the golden week: only Oct 9 itself is left
    ],
)
def test_remaining_working_days_compare_the_local_dates_of_now_and_the_deadline(
    now: datetime, expected: int
) -> None:
    due = utc(2025, 10, 9, 15, 59, 59)  # Thu Oct 9, 23:59:59 in Shanghai
    assert services.remaining_workdays(now, due) == expected


# --- models and admin ---------------------------------------------------------------------------


def test_models_describe_themselves() -> None:
    with translation.override("en"):
        assert str(CalendarOverride(day=date(2025, 10, 11), is_workday=True)) == (
            "2025-10-11 working day"
        )
        assert str(CalendarOverride(day=date(2025, 10, 8), is_workday=False)) == (
            "2025-10-08 day off"
        )
        assert str(PublishedYear(year=2027)) == "2027"
        assert str(CalendarOverride._meta.verbose_name) == "calendar override"
        assert str(PublishedYear._meta.verbose_name_plural) == "published years"


def test_the_override_list_shows_the_weekday() -> None:
    model_admin = admin.site.get_model_admin(CalendarOverride)
    assert isinstance(model_admin, CalendarOverrideAdmin)
    assert model_admin.list_display == ("day", "weekday", "is_workday", "note")
    with translation.override("en"):
        assert model_admin.weekday(CalendarOverride(day=date(2025, 10, 11))) == "Saturday"


def test_a_day_can_be_overridden_only_once() -> None:
    CalendarOverride.objects.create(day=date(2025, 10, 8), is_workday=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarOverride.objects.create(day=date(2025, 10, 8), is_workday=False)


# --- the system check ----------------------------------------------------------------------------


def warning_ids(messages: list[checks.CheckMessage]) -> list[str | None]:
    return [m.id for m in messages if m.id == "tousu.W001"]


# The system check looks 120 days ahead from today, whatever year the library knows last: these
# follow the library (an upgrade that knows one more year moves them with it).
@pytest.mark.parametrize(
    ("now", "warns"),
    [
        (utc(LAST_KNOWN, 6, 1, 4, 0), False),  # horizon ends Sep 29
        (utc(LAST_KNOWN, 9, 2, 4, 0), False),  # Sep 2 + 120 days = Dec 31
        (utc(LAST_KNOWN, 9, 3, 4, 0), True),  # Sep 3 + 120 days = Jan 1 of the unknown year
        (utc(LAST_KNOWN, 9, 2, 16, 30), True),  # already Sep 3, 00:30 in Shanghai
        (utc(LAST_KNOWN, 11, 23, 4, 0), True),
    ],
)
def test_the_system_check_warns_when_the_next_120_days_reach_an_unknown_year(
    now: datetime, warns: bool
) -> None:
    with time_machine.travel(now, tick=False):
        messages = check_calendar_coverage(None)
    assert warning_ids(messages) == (["tousu.W001"] if warns else [])


NOVEMBER_BEFORE_THE_UNKNOWN_YEAR = utc(LAST_KNOWN, 11, 23, 4, 0)


def test_the_warning_names_the_year_and_tells_the_administrator_what_to_do() -> None:
    # The text is translated (Chinese by default); the English wording is checked here, the
    # Chinese one in tests/i18n.
    with (
        time_machine.travel(NOVEMBER_BEFORE_THE_UNKNOWN_YEAR, tick=False),
        translation.override("en"),
    ):
        [message] = check_calendar_coverage(None)
    assert message.level == checks.WARNING
    assert str(FIRST_UNKNOWN) in message.msg
    assert message.hint is not None
    assert "overrides" in message.hint
    assert "publish" in message.hint


def test_the_system_check_is_silent_once_the_unknown_year_is_published() -> None:
    PublishedYear.objects.create(year=FIRST_UNKNOWN)
    with time_machine.travel(NOVEMBER_BEFORE_THE_UNKNOWN_YEAR, tick=False):
        assert check_calendar_coverage(None) == []


def test_the_system_check_is_registered_under_the_tousu_tag() -> None:
    with time_machine.travel(NOVEMBER_BEFORE_THE_UNKNOWN_YEAR, tick=False):
        assert warning_ids(checks.run_checks(tags=["tousu"])) == ["tousu.W001"]


def test_the_system_check_skips_other_apps() -> None:
    with time_machine.travel(NOVEMBER_BEFORE_THE_UNKNOWN_YEAR, tick=False):
        assert check_calendar_coverage([apps.get_app_config("auth")]) == []
        assert check_calendar_coverage([apps.get_app_config("workcalendar")]) != []


def test_the_system_check_is_silent_before_the_tables_exist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_table() -> WorkCalendar:
        raise OperationalError("no such table: workcalendar_calendaroverride")

    monkeypatch.setattr("tousu.calendar.checks.get_calendar", no_table)
    with time_machine.travel(utc(2026, 11, 23, 4, 0), tick=False):
        assert check_calendar_coverage(None) == []
