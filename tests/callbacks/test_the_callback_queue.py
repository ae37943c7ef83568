"""The workbench's "Callbacks due" queue 今日回访: the cases whose callback is due today or late,
the most overdue first; a callback due on a later day (a retry tomorrow, or a reply's period still
running) waits. The same queries for one row as for twenty."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.conftest import MONDAY
from tests.workbench.case_helpers import client_for
from tests.workflow.helpers import advance
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Status
from tousu.workbench import queues

Org = dict[str, Any]
MakeCase = Callable[..., Case]
# Shanghai 10:00: Monday 2 March and the days after; the queue is read on Friday 6 March.
TUESDAY = MONDAY + timedelta(days=1)
WEDNESDAY = MONDAY + timedelta(days=2)
THURSDAY = MONDAY + timedelta(days=3)
FRIDAY = datetime(2026, 3, 6, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def on_friday(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(FRIDAY, tick=False)


def replied_on(day: datetime, org: Org, make_case: MakeCase, title: str) -> Case:
    case = advance(make_case(now=day, title=title), Status.REVIEWED, org, day)
    return wf.reply(case, actor=org["clerk"], now=day, content="已处理", channel="phone")


def listed(html: str) -> list[str]:
    return re.findall(r'<td class="number"><a href="[^"]+">(\w+)</a>', html)


def queue_url() -> str:
    return reverse("workbench:queue", args=["callbacks_due"])


def test_callbacks_due_today_and_late_are_listed_most_overdue_first(
    org: Org, make_case: MakeCase
) -> None:
    # Replied on Wednesday 25 February: due on the make-up working Saturday 28 February.
    due_saturday = replied_on(MONDAY - timedelta(days=5), org, make_case, "上周三答复")
    due_thursday = replied_on(MONDAY, org, make_case, "周一答复")  # due Thursday 5 March
    due_today = replied_on(TUESDAY, org, make_case, "周二答复")  # due Friday 6 March
    not_yet = replied_on(THURSDAY, org, make_case, "周四答复")  # due Tuesday 10 March
    retry_monday = replied_on(WEDNESDAY, org, make_case, "周三答复")  # due today, but
    wf.callback(retry_monday, actor=org["clerk"], now=FRIDAY, satisfaction="unreachable")

    html = client_for(org["clerk"]).get(queue_url()).content.decode()

    assert listed(html) == [due_saturday.number, due_thursday.number, due_today.number]
    assert not_yet.number not in html and retry_monday.number not in html
    assert queues.counts(org["clerk"], FRIDAY)["callbacks_due"] == 3
    assert queues.counts(org["clerk"], FRIDAY)["to_call_back"] == 5


def test_the_callback_queue_costs_the_same_queries_for_one_row_and_for_twenty(
    org: Org, make_case: MakeCase, django_assert_num_queries: Any
) -> None:
    client = client_for(org["supervisor"])
    replied_on(MONDAY, org, make_case, "周一答复")
    client.get(queue_url())  # the session and the caches are warm
    # session, user, roles, count, rows, the user's display name, the unread notifications (the
    # bell), the unit and category filters
    with django_assert_num_queries(9):
        one = client.get(queue_url()).content.decode()
    for n in range(19):
        replied_on(MONDAY, org, make_case, f"周一答复{n}")
    with django_assert_num_queries(9):
        twenty = client.get(queue_url()).content.decode()
    assert (len(listed(one)), len(listed(twenty))) == (1, 20)
