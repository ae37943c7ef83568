"""The 督办 queue: every open escalation the user may see — the centre's supervisors and leaders
all of their centre's, a unit's leader those on its own cases, awaiting its answer — the late
answers first, each row with its level and answer date; the same queries for one row and for
many."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.api.helpers import advance
from tests.conftest import MONDAY
from tests.duty.conftest import at
from tests.workbench.case_helpers import client_for
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.workbench import queues

MakeCase = Callable[..., Case]
TUESDAY, WEDNESDAY, THURSDAY = date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)
# Wednesday noon: Tuesday's answers are late, Wednesday's still due today.
LOOKED_AT = at(WEDNESDAY, "12:00")


def escalated(case: Case, org: dict[str, Any], answer_by: date, times: int = 1) -> Case:
    for _ in range(times):
        case = wf.escalate(case, actor=org["supervisor"], now=MONDAY, answer_due=answer_by)
    return case


def rows(html: str) -> list[tuple[str, str]]:
    """(number, escalation badge text) of each row, in the order shown."""
    found = re.findall(
        r'<td class="number"><a href="[^"]+">(\w+)</a></td>.*?<td class="title">.*?'
        r'<span class="badge (escalation[^"]*)">([^<]*)</span>',
        html,
        re.S,
    )
    return [(number, f"{css}: {text}") for number, css, text in found]


def escalations_page(user: Any) -> str:
    return client_for(user).get(reverse("workbench:queue", args=["escalations"])).content.decode()


@pytest.fixture
def three_escalated(
    org: dict[str, Any], make_case: MakeCase, time_machine: TimeMachineFixture
) -> dict[str, Case]:
    time_machine.move_to(MONDAY, tick=False)
    cases = {
        "due_wednesday": escalated(advance(make_case(), org, "handling"), org, WEDNESDAY),
        "late": escalated(advance(make_case(), org, "handling"), org, TUESDAY),
        "raised": escalated(advance(make_case(), org, "handling"), org, THURSDAY, times=2),
    }
    answered = escalated(advance(make_case(), org, "handling"), org, WEDNESDAY)
    wf.answer_escalation(answered, actor=org["unit_a_leader"], now=MONDAY, note="已督促办理")
    advance(make_case(), org, "handling")  # never escalated
    time_machine.move_to(LOOKED_AT, tick=False)
    return cases


def test_the_supervisor_sees_the_open_escalations_late_answers_first_with_their_level(
    org: dict[str, Any], three_escalated: dict[str, Case]
) -> None:
    html = escalations_page(org["supervisor"])

    assert rows(html) == [
        (
            three_escalated["late"].number,
            "escalation overdue: escalated, level 1, answer by 2026-03-03",
        ),
        (
            three_escalated["due_wednesday"].number,
            "escalation: escalated, level 1, answer by 2026-03-04",
        ),
        (three_escalated["raised"].number, "escalation: escalated, level 2, answer by 2026-03-05"),
    ]
    assert queues.counts(org["supervisor"], LOOKED_AT)["escalations"] == 3


def test_unit_as_leader_sees_the_escalations_on_its_cases_and_unit_b_sees_none(
    org: dict[str, Any], three_escalated: dict[str, Case]
) -> None:
    assert [number for number, _badge in rows(escalations_page(org["unit_a_leader"]))] == [
        three_escalated["late"].number,
        three_escalated["due_wednesday"].number,
        three_escalated["raised"].number,
    ]
    assert rows(escalations_page(org["unit_b_leader"])) == []
    assert queues.counts(org["unit_b_leader"], LOOKED_AT)["escalations"] == 0


def test_an_answered_escalation_leaves_the_queue(
    org: dict[str, Any], three_escalated: dict[str, Case], time_machine: TimeMachineFixture
) -> None:
    late = Case.objects.get(pk=three_escalated["late"].pk)
    wf.answer_escalation(late, actor=org["unit_a_leader"], now=LOOKED_AT, note="已整改")

    assert [number for number, _badge in rows(escalations_page(org["supervisor"]))] == [
        three_escalated["due_wednesday"].number,
        three_escalated["raised"].number,
    ]


def test_the_queue_costs_the_same_queries_for_one_row_and_for_many(
    org: dict[str, Any],
    make_case: MakeCase,
    time_machine: TimeMachineFixture,
    django_assert_num_queries: Any,
) -> None:
    time_machine.move_to(MONDAY, tick=False)
    escalated(advance(make_case(), org, "handling"), org, WEDNESDAY)
    client = client_for(org["supervisor"])
    url = reverse("workbench:queue", args=["escalations"])
    client.get(url)  # the session and the caches are warm
    # session, user, roles, count, rows (with the escalation's level and date), the display
    # name, the unread notifications, the unit and category filters
    with django_assert_num_queries(9):
        one = client.get(url).content.decode()

    for _ in range(9):
        escalated(advance(make_case(), org, "handling"), org, THURSDAY)
    with django_assert_num_queries(9):
        ten = client.get(url).content.decode()

    assert (len(rows(one)), len(rows(ten))) == (1, 10)
