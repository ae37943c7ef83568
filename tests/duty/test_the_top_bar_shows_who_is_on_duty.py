"""The workbench's top bar shows who is on duty now at the user's centre (值班), read once a minute
per centre: one query when the minute has passed, none otherwise."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.duty.conftest import FRIDAY, SATURDAY, at
from tests.workbench.case_helpers import client_for
from tousu.orgs.models import Shift, StaffProfile


def on_duty_shown(html: str) -> list[str]:
    return re.findall(r'<span class="duty-person">([^<]*)</span>', html)


def home(user: Any) -> str:
    return client_for(user).get(reverse("workbench:home")).content.decode()


def test_at_the_friday_handover_the_clerk_sees_both_shifts_by_name_and_role(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    StaffProfile.objects.create(user=org["director"], display_name="周主任")
    time_machine.move_to(at(FRIDAY, "17:15"), tick=False)

    assert on_duty_shown(home(org["clerk"])) == [
        "deputy (duty leader)",
        "周主任 (duty leader)",
        "clerk (duty clerk)",
        "intake_only (duty clerk)",
    ]


def test_a_station_clerk_sees_the_duty_of_the_centre_above_the_station(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(SATURDAY, "10:00"), tick=False)

    assert on_duty_shown(home(org["station_clerk"])) == ["dispatcher (duty clerk)"]


def test_a_units_handler_has_no_roster_in_the_top_bar(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(SATURDAY, "10:00"), tick=False)

    html = home(org["unit_a_handler"])

    assert on_duty_shown(html) == []
    assert 'class="on-duty"' not in html


def test_the_roster_is_read_once_a_minute_and_then_shows_the_next_shift(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    # Half a minute before the weekend shift takes over.
    time_machine.move_to(at(SATURDAY, "08:29") + timedelta(seconds=30), tick=False)
    client = client_for(org["analyst"])
    first = client.get(reverse("workbench:home")).content.decode()
    time_machine.move_to(at(SATURDAY, "08:30"), tick=False)

    with CaptureQueriesContext(connection) as within_the_minute:
        cached = client.get(reverse("workbench:home")).content.decode()
    time_machine.move_to(at(SATURDAY, "08:31"), tick=False)
    with CaptureQueriesContext(connection) as a_minute_later:
        fresh = client.get(reverse("workbench:home")).content.decode()

    def roster_queries(queries: CaptureQueriesContext) -> int:
        return len([q for q in queries.captured_queries if "orgs_shiftmember" in q["sql"]])

    assert on_duty_shown(first) == ["director (duty leader)", "intake_only (duty clerk)"]
    assert on_duty_shown(cached) == on_duty_shown(first)
    assert roster_queries(within_the_minute) == 0
    assert on_duty_shown(fresh) == ["dispatcher (duty clerk)"]
    assert roster_queries(a_minute_later) == 1
