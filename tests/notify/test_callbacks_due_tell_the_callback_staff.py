"""A callback 回访 is the centre's own work: when a replied case enters its callback's warning
window the supervision pass warns (预警), and when the callback is late it reminds (催办) — both
reach the centre's callback staff (clerks, dispatchers, supervisors), never the unit that handled
the case, nor the leaders.

Hand count: replied on Monday 2026-03-02, the callback is due at the end of the third working day,
Thursday 03-05; its warning window (two working days) opens on Tuesday 03-03."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.api.helpers import advance
from tests.conftest import MONDAY
from tests.notify.helpers import inbox, run_jobs, told
from tests.workflow.helpers import end_of, shanghai
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Status
from tousu.notify.models import Notification
from tousu.orgs.staff import system_user

TUESDAY = shanghai(2026, 3, 3, 9)
FRIDAY = shanghai(2026, 3, 6, 9)
CALLBACK_STAFF = ("clerk", "dispatcher", "intake_only", "supervisor")


def replied(org: dict[str, Any], make_case: Any) -> Case:
    case = advance(make_case(), org, Status.REPLIED)
    run_jobs(MONDAY + timedelta(hours=1))
    Notification.objects.all().delete()  # what the loop so far told people is another story
    assert (case.current_due, case.warn_at) == (end_of(2026, 3, 5), shanghai(2026, 3, 3, 0))
    return case


def test_a_callback_entering_its_warning_window_tells_the_centres_callback_staff(
    org: dict[str, Any], make_case: Any
) -> None:
    case = replied(org, make_case)

    wf.warn(case, actor=system_user(), now=TUESDAY)
    run_jobs(TUESDAY)

    assert inbox(org) == {name: ["callback_due"] for name in CALLBACK_STAFF}
    assert told(org["clerk"]) == [
        f"回访到期 {case.number}:小区电梯长期故障无人维修,请于 2026-03-05 前完成回访"
    ]


def test_an_overdue_callback_is_a_reminder_to_the_callback_staff_not_to_the_unit(
    org: dict[str, Any], make_case: Any
) -> None:
    case = replied(org, make_case)

    wf.remind(case, actor=system_user(), now=FRIDAY)
    run_jobs(FRIDAY)

    assert inbox(org) == {name: ["reminder"] for name in CALLBACK_STAFF}
    assert told(org["supervisor"]) == [f"催办 {case.number}:小区电梯长期故障无人维修,请抓紧办理"]
    assert Notification.objects.filter(recipient=org["unit_a_handler"]).count() == 0


def test_the_warning_of_a_case_still_at_the_unit_tells_nobody_and_its_reminder_the_unit(
    org: dict[str, Any], make_case: Any
) -> None:
    case = advance(make_case(), org, Status.HANDLING)
    run_jobs(MONDAY + timedelta(hours=1))
    Notification.objects.all().delete()

    wf.warn(case, actor=system_user(), now=TUESDAY)
    run_jobs(TUESDAY)
    assert inbox(org) == {}

    wf.remind(case, actor=system_user(), now=TUESDAY)
    run_jobs(TUESDAY)
    assert inbox(org) == {"unit_a_handler": ["reminder"], "unit_a_leader": ["reminder"]}
