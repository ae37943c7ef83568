"""Who is on duty at a centre at a given moment, across the end of office hours and a weekend;
and when the office is open (working days of the calendar, 08:30–17:30)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from tests.duty.conftest import FRIDAY, MONDAY, SATURDAY, SUNDAY, at
from tousu.calendar.models import CalendarOverride
from tousu.calendar.services import invalidate_calendar
from tousu.orgs.duty import duty_clerks, in_office_hours, on_duty
from tousu.orgs.models import Shift, Unit


def names(org: dict[str, Any], moment: datetime) -> list[tuple[str, str]]:
    return [(m.user.username, m.role) for m in on_duty([org["centre"].pk], moment)]


def test_friday_afternoon_the_day_shift_is_on_duty(
    org: dict[str, Any], roster: dict[str, Shift]
) -> None:
    assert names(org, at(FRIDAY, "14:00")) == [("deputy", "leader"), ("clerk", "clerk")]


def test_at_the_handover_both_shifts_are_on_duty_and_the_day_shift_leaves_at_its_end(
    org: dict[str, Any], roster: dict[str, Shift]
) -> None:
    assert names(org, at(FRIDAY, "17:15")) == [
        ("deputy", "leader"),
        ("director", "leader"),
        ("clerk", "clerk"),
        ("intake_only", "clerk"),
    ]
    assert names(org, at(FRIDAY, "17:30")) == [("director", "leader"), ("intake_only", "clerk")]


def test_over_the_weekend_the_weekend_shift_is_on_duty_until_monday_morning(
    org: dict[str, Any], roster: dict[str, Shift]
) -> None:
    assert names(org, at(SATURDAY, "08:29")) == [("director", "leader"), ("intake_only", "clerk")]
    assert names(org, at(SATURDAY, "08:30")) == [("dispatcher", "clerk")]
    assert names(org, at(SUNDAY, "23:00")) == [("dispatcher", "clerk")]
    assert names(org, at(MONDAY, "08:30")) == []


def test_the_duty_clerks_are_the_clerks_on_shift_not_the_leaders(
    org: dict[str, Any], roster: dict[str, Shift]
) -> None:
    assert [u.username for u in duty_clerks([org["centre"].pk], at(FRIDAY, "22:00"))] == [
        "intake_only"
    ]


def test_another_centres_roster_is_not_this_ones(
    org: dict[str, Any], roster: dict[str, Shift]
) -> None:
    other = Unit.objects.create(code="centre-2", name="另一中心", kind="centre")

    assert on_duty([other.pk], at(FRIDAY, "14:00")) == []


def test_office_hours_are_the_working_days_from_half_past_eight_to_half_past_five(
    db: Any,
) -> None:
    assert in_office_hours(at(FRIDAY, "08:29")) is False
    assert in_office_hours(at(FRIDAY, "08:30")) is True
    assert in_office_hours(at(FRIDAY, "17:29")) is True
    assert in_office_hours(at(FRIDAY, "17:30")) is False
    assert in_office_hours(at(SATURDAY, "10:00")) is False
    assert in_office_hours(at(SUNDAY, "10:00")) is False
    assert in_office_hours(at(MONDAY, "09:00")) is True


def test_a_make_up_saturday_has_office_hours_and_a_holiday_has_none(db: Any) -> None:
    CalendarOverride.objects.create(day=SATURDAY, is_workday=True, note="调休上班")
    CalendarOverride.objects.create(day=MONDAY, is_workday=False, note="放假")
    invalidate_calendar()

    assert in_office_hours(at(SATURDAY, "10:00")) is True
    assert in_office_hours(at(MONDAY, "10:00")) is False


def test_the_office_hours_come_from_the_setting(db: Any, settings: Any) -> None:
    settings.OFFICE_HOURS = "09:00-18:00"

    assert in_office_hours(at(FRIDAY, "08:45")) is False
    assert in_office_hours(at(FRIDAY, "17:45")) is True


def test_a_shift_that_ends_before_it_starts_is_refused_by_the_database(
    org: dict[str, Any],
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.create(
            centre=org["centre"], starts_at=at(FRIDAY, "17:30"), ends_at=at(FRIDAY, "08:30")
        )

    assert Shift.objects.count() == 0
