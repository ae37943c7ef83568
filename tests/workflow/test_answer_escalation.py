"""督办回复: the unit holding the case answers the open escalation; it is then closed as answered
and offered no more."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, snapshot
from tousu.cases import workflow as wf
from tousu.cases.errors import Forbidden, InvalidInput, NotAllowed
from tousu.cases.models import Case, CaseEvent, Escalation, EscalationState, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]
NOW = MONDAY + timedelta(hours=1)
LATER = MONDAY + timedelta(days=1)


def _escalated(org: Org, make_case: MakeCase) -> Case:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.escalate(case, actor=org["supervisor"], now=NOW, note="请说明逾期原因")
    return case


def test_the_unit_leader_answers_and_the_escalation_is_answered(
    org: Org, make_case: MakeCase
) -> None:
    case = _escalated(org, make_case)
    assert "answer_escalation" in wf.available_verbs(org["unit_a_leader"], case, LATER)
    wf.answer_escalation(case, actor=org["unit_a_leader"], now=LATER, note="已约谈物业,周五前修复")
    row = Escalation.objects.get(case=case)
    assert (row.state, row.answer, row.answered_at, row.answered_by_id) == (
        EscalationState.ANSWERED,
        "已约谈物业,周五前修复",
        LATER,
        org["unit_a_leader"].pk,
    )
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert (event.verb, event.actor_id, event.to_status) == (
        "answer_escalation",
        org["unit_a_leader"].pk,
        Status.HANDLING,
    )
    assert event.data == {
        "level": 1,
        "to": {"unit": "unit-a", "role": "unit_leader"},
        "automatic": False,
    }
    assert "answer_escalation" not in wf.available_verbs(org["unit_a_leader"], case, LATER)


def test_without_an_open_escalation_there_is_nothing_to_answer(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(NotAllowed) as refused:
        wf.answer_escalation(case, actor=org["unit_a_handler"], now=LATER, note="已处理")
    assert refused.value.status == Status.HANDLING
    assert snapshot(case) == before


@pytest.mark.parametrize("username", ["unit_b_leader", "supervisor", "clerk", "nobody"])
def test_only_the_unit_holding_the_case_answers(
    org: Org, make_case: MakeCase, username: str
) -> None:
    case = _escalated(org, make_case)
    before = snapshot(case)
    with pytest.raises(Forbidden):
        wf.answer_escalation(case, actor=org[username], now=LATER, note="已处理")
    assert snapshot(case) == before
    assert Escalation.objects.get(case=case).state == EscalationState.OPEN


def test_an_empty_answer_is_refused_naming_the_field(org: Org, make_case: MakeCase) -> None:
    case = _escalated(org, make_case)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.answer_escalation(case, actor=org["unit_a_handler"], now=LATER, note="  ")
    assert list(refused.value.fields) == ["note"]
    assert snapshot(case) == before
    assert Escalation.objects.get(case=case).state == EscalationState.OPEN
