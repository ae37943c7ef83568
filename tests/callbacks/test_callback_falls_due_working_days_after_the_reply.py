"""回访: the reply sets the callback's due date, the policy's working days later (3 by default),
and while the case waits for its callback that date is the deadline it is measured against — so
the warning, "overdue" and the workbench's queues see a late callback like any other."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from time_machine import TimeMachineFixture

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, end_of, fresh
from tousu.cases import deadlines
from tousu.cases import workflow as wf
from tousu.cases.deadlines import invalidate_policies
from tousu.cases.models import Case, CaseEvent, DeadlinePolicy, Status
from tousu.workbench import queues

Org = dict[str, Any]
MakeCase = Callable[..., Case]
# Thursday 2 April 2026, 10:00 in Shanghai. Friday is a working day; Saturday 4 to Monday 6 April
# are the weekend and Qingming 清明节; work resumes on Tuesday 7 April.
THURSDAY_BEFORE_QINGMING = datetime(2026, 4, 2, 2, 0, tzinfo=UTC)


def replied_on_thursday(org: Org, make_case: MakeCase) -> Case:
    case = advance(make_case(), Status.REVIEWED, org, MONDAY)
    return wf.reply(
        case,
        actor=org["clerk"],
        now=THURSDAY_BEFORE_QINGMING,
        content="电梯已修复",
        channel="phone",
    )


def test_the_callback_is_due_three_working_days_after_the_reply_across_a_holiday(
    org: Org, make_case: MakeCase
) -> None:
    case = replied_on_thursday(org, make_case)
    stored = fresh(case)
    # Friday 3, then Tuesday 7 and Wednesday 8 April: the weekend and Qingming do not count.
    assert (stored.callback_due, stored.current_due, stored.callback_attempts) == (
        end_of(2026, 4, 8),
        end_of(2026, 4, 8),
        0,
    )
    reply = CaseEvent.objects.filter(case=case, verb="reply").latest("id")
    assert reply.data["callback_days"] == 3


def test_a_policy_gives_its_own_callback_days(org: Org, make_case: MakeCase) -> None:
    # The administrator shortens the complaints' callback period to one working day.
    DeadlinePolicy.objects.filter(kind="complaint", severity="", category=None).update(
        callback_days=1
    )
    invalidate_policies()
    case = replied_on_thursday(org, make_case)
    assert fresh(case).callback_due == end_of(2026, 4, 3)  # Friday, the next working day


def test_a_waiting_callback_turns_from_normal_to_warning_to_overdue_as_the_days_pass(
    org: Org, make_case: MakeCase, time_machine: TimeMachineFixture
) -> None:
    case = replied_on_thursday(org, make_case)
    seen = {}
    for label, moment in [
        ("Thursday afternoon", datetime(2026, 4, 2, 8, 0, tzinfo=UTC)),
        ("Friday", datetime(2026, 4, 3, 2, 0, tzinfo=UTC)),
        ("Qingming Monday", datetime(2026, 4, 6, 2, 0, tzinfo=UTC)),
        ("Tuesday", datetime(2026, 4, 7, 2, 0, tzinfo=UTC)),
        ("Thursday after", datetime(2026, 4, 9, 2, 0, tzinfo=UTC)),
    ]:
        time_machine.move_to(moment, tick=False)
        now = timezone.now()
        seen[label] = (
            deadlines.deadline_state(fresh(case), now),
            deadlines.remaining_workdays(fresh(case), now),
        )
    # Warned from the start of the 2nd working day before Wednesday: Friday (the policy's two
    # warning days).
    assert seen == {
        "Thursday afternoon": ("normal", 3),
        "Friday": ("warning", 2),
        "Qingming Monday": ("warning", 2),
        "Tuesday": ("warning", 1),
        "Thursday after": ("overdue", -1),
    }


def test_an_overdue_callback_is_in_the_overdue_queue(
    org: Org, make_case: MakeCase, time_machine: TimeMachineFixture
) -> None:
    replied_on_thursday(org, make_case)
    time_machine.move_to(datetime(2026, 4, 9, 2, 0, tzinfo=UTC), tick=False)
    counted = queues.counts(org["clerk"], timezone.now())
    assert (counted["to_call_back"], counted["callbacks_due"], counted["overdue"]) == (1, 1, 1)


def test_a_closed_case_has_no_running_callback_deadline(org: Org, make_case: MakeCase) -> None:
    case = replied_on_thursday(org, make_case)
    wf.callback(case, actor=org["clerk"], now=THURSDAY_BEFORE_QINGMING, satisfaction="satisfied")
    stored = fresh(case)
    assert (stored.status, stored.current_due, stored.warn_at) == (Status.CLOSED, None, None)
