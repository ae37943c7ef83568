"""A case registered out of office hours is announced to the duty clerks on shift — only to them,
not to the duty leader nor to the staff off duty — and one registered in office hours to nobody
(the queues suffice). The clock crosses the end of office hours and a weekend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from time_machine import TimeMachineFixture

from tests.duty.conftest import FRIDAY, SATURDAY, at
from tests.notify.helpers import run_jobs, told
from tousu.cases.models import Case
from tousu.notify.models import Kind, Outbox
from tousu.orgs.models import Shift

MakeCase = Callable[..., Case]


def register_at(moment: datetime, make_case: MakeCase, clock: TimeMachineFixture) -> Case:
    clock.move_to(moment, tick=False)
    case = make_case(now=moment)
    run_jobs(moment)
    return case


def after_hours_recipients() -> list[tuple[str, str]]:
    """(username, channel) of every after-hours message (the test accounts have no e-mail)."""
    return sorted(
        Outbox.objects.filter(kind=Kind.AFTER_HOURS_CASE).values_list("user__username", "channel")
    )


def test_a_case_registered_on_friday_evening_reaches_the_night_shifts_duty_clerk_only(
    org: dict[str, Any],
    roster: dict[str, Shift],
    make_case: MakeCase,
    time_machine: TimeMachineFixture,
) -> None:
    case = register_at(at(FRIDAY, "17:30"), make_case, time_machine)

    assert after_hours_recipients() == [("intake_only", "in_app")]
    assert told(org["intake_only"]) == [
        f"非工作时间新登记 {case.number}:{case.title},请值班人员及时处理"
    ]
    assert told(org["director"]) == []  # the duty leader is not asked to register it
    assert told(org["dispatcher"]) == []  # off duty until Saturday morning


def test_a_case_registered_on_saturday_reaches_the_weekend_duty_clerk(
    org: dict[str, Any],
    roster: dict[str, Shift],
    make_case: MakeCase,
    time_machine: TimeMachineFixture,
) -> None:
    case = register_at(at(SATURDAY, "10:00"), make_case, time_machine)

    assert told(org["dispatcher"]) == [
        f"非工作时间新登记 {case.number}:{case.title},请值班人员及时处理"
    ]
    assert told(org["intake_only"]) == []


def test_a_case_registered_in_office_hours_tells_no_duty_clerk(
    org: dict[str, Any],
    roster: dict[str, Shift],
    make_case: MakeCase,
    time_machine: TimeMachineFixture,
) -> None:
    register_at(at(FRIDAY, "17:29"), make_case, time_machine)  # the night shift is on already

    assert after_hours_recipients() == []
    assert told(org["intake_only"]) == []


def test_the_duty_clerk_who_registers_it_is_not_told_of_their_own_case(
    org: dict[str, Any],
    roster: dict[str, Shift],
    make_case: MakeCase,
    time_machine: TimeMachineFixture,
) -> None:
    moment = at(SATURDAY, "10:00")
    time_machine.move_to(moment, tick=False)
    make_case(now=moment, actor=org["dispatcher"])
    run_jobs(moment)

    assert after_hours_recipients() == []


def test_with_nobody_on_shift_a_night_case_tells_nobody(
    org: dict[str, Any], make_case: MakeCase, time_machine: TimeMachineFixture
) -> None:
    register_at(at(SATURDAY, "02:00"), make_case, time_machine)

    assert after_hours_recipients() == []
