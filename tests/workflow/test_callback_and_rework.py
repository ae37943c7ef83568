"""退回重办 and 回访: a refused review sends the case back to the same unit; a dissatisfied
complainant gets one more round of handling, and after the second the leader decides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, end_of, fresh, snapshot, to_pending_decision
from tousu.cases import workflow as wf
from tousu.cases.access import visible_cases
from tousu.cases.errors import InvalidInput
from tousu.cases.models import Assignment, AssignmentState, Case, CaseEvent, Satisfaction, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]
# Thursday 2026-03-05 10:00 Shanghai: seven working days later is Monday Mar 16.
THURSDAY = MONDAY + timedelta(days=3)


# --- review refused: back to the same unit ----------------------------------------------------


def test_a_refused_review_sends_the_case_back_to_the_same_unit(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.RESULT_SUBMITTED, org, MONDAY)
    wf.review(case, actor=org["clerk"], now=THURSDAY, approve=False, note="未附整改照片")
    stored = fresh(case)
    assert (stored.status, stored.unit_id, stored.rework_count) == (
        Status.HANDLING,
        org["unit_a"].pk,
        1,
    )
    assert stored.unit_due == end_of(2026, 3, 16)  # a fresh period for the unit
    # ...on the transfer too, which the unit's lists and the transfer letter show.
    assert Assignment.objects.get(case=case).due == end_of(2026, 3, 16)
    review = CaseEvent.objects.get(case=case, verb="review")
    assert (review.note, review.data, review.to_status) == (
        "未附整改照片",
        {"approve": False, "unit_days": 7},
        Status.HANDLING,
    )
    assert Assignment.objects.get(case=case).state == AssignmentState.ACTIVE


def test_the_unit_works_a_case_sent_back_again(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.RESULT_SUBMITTED, org, MONDAY)
    wf.review(case, actor=org["clerk"], now=THURSDAY, approve=False, note="未附整改照片")
    assert list(visible_cases(org["unit_a_handler"])) == [case]
    wf.submit_result(case, actor=org["unit_a_leader"], now=THURSDAY, result="已补充照片")
    wf.review(case, actor=org["clerk"], now=THURSDAY, approve=False, note="照片不清晰")
    assert fresh(case).rework_count == 2
    wf.submit_result(case, actor=org["unit_a_handler"], now=THURSDAY, result="已重新拍摄")
    wf.review(case, actor=org["clerk"], now=THURSDAY, approve=True)
    stored = fresh(case)
    assert (stored.status, stored.rework_count, stored.result) == (
        Status.REVIEWED,
        2,
        "已重新拍摄",
    )


@pytest.mark.parametrize("note", ["", "   "])
def test_a_refused_review_needs_a_note(org: Org, make_case: MakeCase, note: str) -> None:
    case = advance(make_case(), Status.RESULT_SUBMITTED, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.review(case, actor=org["clerk"], now=THURSDAY, approve=False, note=note)
    assert list(refused.value.fields) == ["note"]
    assert snapshot(case) == before


def test_review_approval_must_be_a_boolean(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.RESULT_SUBMITTED, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.review(case, actor=org["clerk"], now=THURSDAY, approve="no", note="x")
    assert list(refused.value.fields) == ["approve"]
    assert snapshot(case) == before


# --- callback --------------------------------------------------------------------------------


@pytest.mark.parametrize("satisfaction", [Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED])
def test_a_callback_that_is_not_dissatisfied_closes_the_case(
    org: Org, make_case: MakeCase, satisfaction: str
) -> None:
    case = advance(make_case(), Status.REPLIED, org, MONDAY)
    wf.callback(case, actor=org["supervisor"], now=THURSDAY, satisfaction=satisfaction)
    stored = fresh(case)
    assert (stored.status, stored.satisfaction, stored.closed_at) == (
        Status.CLOSED,
        satisfaction,
        THURSDAY,
    )
    assert (stored.dissatisfied_count, stored.rework_count) == (0, 0)
    callback = CaseEvent.objects.get(case=case, verb="callback")
    assert callback.data == {"satisfaction": satisfaction}


def test_an_unreachable_callback_closes_the_case_when_one_attempt_is_allowed(
    org: Org, make_case: MakeCase, settings: Any
) -> None:
    # By default an unreachable complainant is tried again (tests/callbacks/); a centre that
    # allows one attempt closes at once, as before.
    settings.CALLBACK_MAX_ATTEMPTS = 1
    case = advance(make_case(), Status.REPLIED, org, MONDAY)
    wf.callback(case, actor=org["supervisor"], now=THURSDAY, satisfaction="unreachable")
    stored = fresh(case)
    assert (stored.status, stored.satisfaction, stored.closed_at) == (
        Status.CLOSED,
        Satisfaction.UNREACHABLE,
        THURSDAY,
    )
    callback = CaseEvent.objects.get(case=case, verb="callback")
    assert callback.data == {"satisfaction": "unreachable", "attempt": 1}


def test_an_unknown_satisfaction_is_invalid(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.REPLIED, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.callback(case, actor=org["clerk"], now=THURSDAY, satisfaction="so-so")
    assert list(refused.value.fields) == ["satisfaction"]
    assert snapshot(case) == before


def test_the_first_dissatisfied_callback_sends_the_case_back_to_the_same_unit(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.REPLIED, org, MONDAY)
    assert Assignment.objects.get(case=case).state == AssignmentState.DONE
    wf.callback(
        case, actor=org["clerk"], now=THURSDAY, satisfaction="dissatisfied", note="电梯仍停运"
    )
    stored = fresh(case)
    assert (stored.status, stored.unit_id) == (Status.HANDLING, org["unit_a"].pk)
    assert (stored.dissatisfied_count, stored.rework_count) == (1, 1)
    assert stored.unit_due == end_of(2026, 3, 16)
    assignment = Assignment.objects.get(case=case)
    assert (assignment.state, assignment.closed_at, assignment.due) == (
        AssignmentState.ACTIVE,
        None,
        end_of(2026, 3, 16),
    )
    # The same unit sees it and may act on it.
    assert list(visible_cases(org["unit_a_handler"])) == [case]
    assert wf.available_verbs(org["unit_a_handler"], case, THURSDAY) == [
        "return",
        "request_extension",
        "submit_result",
    ]
    wf.submit_result(case, actor=org["unit_a_handler"], now=THURSDAY, result="已更换电梯主板")
    assert fresh(case).status == Status.RESULT_SUBMITTED


def test_the_second_dissatisfied_callback_goes_to_the_leader(org: Org, make_case: MakeCase) -> None:
    case = to_pending_decision(make_case(), org, MONDAY)
    stored = fresh(case)
    assert (stored.status, stored.dissatisfied_count, stored.rework_count) == (
        Status.PENDING_DECISION,
        2,
        1,
    )
    assert stored.satisfaction == Satisfaction.DISSATISFIED
    assert stored.current_due is None
    assert [
        e.to_status for e in CaseEvent.objects.filter(case=case, verb="callback").order_by("id")
    ] == [Status.HANDLING, Status.PENDING_DECISION]


def test_the_leader_may_close_a_case_after_the_second_dissatisfied_callback(
    org: Org, make_case: MakeCase
) -> None:
    case = to_pending_decision(make_case(), org, MONDAY)
    wf.decide(case, actor=org["director"], now=THURSDAY, rehandle=False, note="诉求超出政策范围")
    stored = fresh(case)
    assert (stored.status, stored.closed_at) == (Status.CLOSED, THURSDAY)
    decide = CaseEvent.objects.get(case=case, verb="decide")
    assert (decide.note, decide.data) == ("诉求超出政策范围", {"rehandle": False})
    wf.archive(case, actor=org["clerk"], now=THURSDAY)
    assert fresh(case).status == Status.ARCHIVED


def test_the_leader_may_send_the_case_for_handling_once_more(org: Org, make_case: MakeCase) -> None:
    case = to_pending_decision(make_case(), org, MONDAY)
    wf.decide(case, actor=org["deputy"], now=THURSDAY, rehandle=True, note="请再次上门核实")
    stored = fresh(case)
    assert (stored.status, stored.unit_id, stored.rework_count) == (
        Status.HANDLING,
        org["unit_a"].pk,
        2,
    )
    assert stored.unit_due == end_of(2026, 3, 16)
    assignment = Assignment.objects.get(case=case)
    assert (assignment.state, assignment.due) == (AssignmentState.ACTIVE, end_of(2026, 3, 16))
    wf.submit_result(case, actor=org["unit_a_handler"], now=THURSDAY, result="已上门核实")
    assert fresh(case).status == Status.RESULT_SUBMITTED


def test_the_leaders_decision_needs_a_note_and_a_boolean(org: Org, make_case: MakeCase) -> None:
    case = to_pending_decision(make_case(), org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as no_note:
        wf.decide(case, actor=org["director"], now=THURSDAY, rehandle=False, note="")
    with pytest.raises(InvalidInput) as not_bool:
        wf.decide(case, actor=org["director"], now=THURSDAY, rehandle="yes", note="再办")
    assert (list(no_note.value.fields), list(not_bool.value.fields)) == (["note"], ["rehandle"])
    assert snapshot(case) == before


def test_a_self_handled_case_is_handled_again_by_the_centre_after_a_dissatisfied_callback(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    wf.self_handle(case, actor=org["clerk"], now=MONDAY)
    advance(case, Status.REPLIED, org, MONDAY)
    wf.callback(case, actor=org["clerk"], now=THURSDAY, satisfaction="dissatisfied", note="没解决")
    stored = fresh(case)
    assert (stored.status, stored.unit_id) == (Status.HANDLING, org["centre"].pk)
    assignment = Assignment.objects.get(case=case)
    assert (assignment.state, assignment.self_handled) == (AssignmentState.ACTIVE, True)
