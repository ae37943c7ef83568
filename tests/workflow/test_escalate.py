"""督办: a tracked escalation to the holder's leader, with the date its answer is due; escalating
again raises it a level (unit leader → deputy director → director), never past the director."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, end_of, snapshot
from tousu.cases import workflow as wf
from tousu.cases.errors import Forbidden, InvalidInput, NotAllowed
from tousu.cases.models import Case, CaseEvent, Escalation, EscalationState, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]
NOW = MONDAY + timedelta(hours=1)  # Monday 2 March 2026


def _chain(case: Case) -> list[tuple[int, str, str, str]]:
    return list(
        Escalation.objects.filter(case=case)
        .order_by("id")
        .values_list("level", "to_unit__code", "to_role", "state")
    )


def test_the_first_escalation_goes_to_the_unit_leader_with_the_policy_answer_date(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    due = case.current_due
    assert due is not None
    wf.escalate(case, actor=org["supervisor"], now=NOW, note="逾期未办结,请负责人督促")
    row = Escalation.objects.get(case=case)
    # Two working days to answer: Tuesday and Wednesday.
    assert (row.level, row.to_unit_id, row.to_role, row.state) == (
        1,
        org["unit_a"].pk,
        "unit_leader",
        EscalationState.OPEN,
    )
    assert (row.answer_due, row.next_level_at, row.due) == (
        end_of(2026, 3, 4),
        end_of(2026, 3, 4),
        due,
    )
    assert (row.created_by_id, row.automatic, row.note) == (
        org["supervisor"].pk,
        False,
        "逾期未办结,请负责人督促",
    )
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert (event.verb, event.to_status) == ("escalate", Status.HANDLING)
    assert event.data == {
        "level": 1,
        "to": {"unit": "unit-a", "role": "unit_leader"},
        "answer_due": end_of(2026, 3, 4).isoformat(),
        "due": due.isoformat(),
        "automatic": False,
    }


def test_a_chosen_answer_date_is_the_end_of_that_working_day(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.escalate(case, actor=org["deputy"], now=NOW, answer_due=date(2026, 3, 6))
    assert Escalation.objects.get(case=case).answer_due == end_of(2026, 3, 6)


@pytest.mark.parametrize(
    "answer_due",
    [date(2026, 3, 7), date(2026, 3, 1), "2026-03-06"],
    ids=["saturday", "past", "text"],
)
def test_a_bad_answer_date_is_refused_naming_the_field_and_nothing_changes(
    org: Org, make_case: MakeCase, answer_due: Any
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.escalate(case, actor=org["supervisor"], now=NOW, answer_due=answer_due)
    assert list(refused.value.fields) == ["answer_due"]
    assert snapshot(case) == before
    assert Escalation.objects.count() == 0


def test_escalating_again_raises_it_to_the_deputy_then_the_director_and_no_further(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.escalate(case, actor=org["supervisor"], now=NOW)
    wf.escalate(case, actor=org["supervisor"], now=NOW + timedelta(days=3))
    wf.escalate(case, actor=org["director"], now=NOW + timedelta(days=7))
    assert _chain(case) == [
        (1, "unit-a", "unit_leader", EscalationState.ESCALATED),
        (2, "centre", "deputy", EscalationState.ESCALATED),
        (3, "centre", "director", EscalationState.OPEN),
    ]
    # The top of the ladder: no date for the next level.
    assert Escalation.objects.get(case=case, level=3).next_level_at is None
    before = snapshot(case)
    with pytest.raises(NotAllowed) as refused:
        wf.escalate(case, actor=org["supervisor"], now=NOW + timedelta(days=8))
    assert refused.value.status == Status.HANDLING
    assert snapshot(case) == before
    assert len(_chain(case)) == 3


def test_a_self_handled_case_is_escalated_to_the_deputy_first(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    wf.self_handle(case, actor=org["clerk"], now=MONDAY)
    wf.escalate(case, actor=org["supervisor"], now=NOW)
    assert _chain(case) == [(2, "centre", "deputy", EscalationState.OPEN)]


@pytest.mark.parametrize("username", ["clerk", "analyst", "unit_a_leader", "unit_a_handler"])
def test_others_may_not_escalate_and_nothing_changes(
    org: Org, make_case: MakeCase, username: str
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(Forbidden):
        wf.escalate(case, actor=org[username], now=NOW)
    assert snapshot(case) == before
    assert Escalation.objects.count() == 0
