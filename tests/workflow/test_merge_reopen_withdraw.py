"""并案, reopening, 撤诉 and 不予受理 with the administrators' list of reasons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, end_of, fresh, shanghai, snapshot
from tousu.cases import workflow as wf
from tousu.cases.access import visible_cases
from tousu.cases.errors import InvalidInput
from tousu.cases.models import (
    OPEN_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    Case,
    CaseEvent,
    ExtensionRequest,
    Reason,
    ReasonKind,
    Status,
)

Org = dict[str, Any]
MakeCase = Callable[..., Case]
LATER = MONDAY + timedelta(hours=2)
FRIDAY = shanghai(2026, 3, 6, 15)


# --- merge ----------------------------------------------------------------------------------


def test_merging_a_repeat_case_closes_it_and_notes_it_on_the_target(
    org: Org, make_case: MakeCase
) -> None:
    target = advance(make_case(title="电梯故障"), Status.HANDLING, org, MONDAY)
    target_version = fresh(target).version
    repeat = make_case(title="电梯故障(重复来电)")
    wf.merge(repeat, actor=org["clerk"], now=LATER, into=target.pk)

    stored = fresh(repeat)
    assert (stored.status, stored.merged_into_id, stored.closed_at, stored.current_due) == (
        Status.MERGED,
        target.pk,
        LATER,
        None,
    )
    merge = CaseEvent.objects.get(case=repeat, verb="merge")
    assert merge.data == {"into": target.pk, "number": target.number}
    merged_in = CaseEvent.objects.get(case=target, verb="merged_in")
    assert (merged_in.actor_id, merged_in.at, merged_in.data) == (
        org["clerk"].pk,
        LATER,
        {"case": repeat.pk, "number": repeat.number},
    )
    assert (merged_in.from_status, merged_in.to_status) == (Status.HANDLING, Status.HANDLING)
    # The target goes on as it was.
    assert (fresh(target).status, fresh(target).version) == (Status.HANDLING, target_version)


def test_an_accepted_case_can_be_merged_too(org: Org, make_case: MakeCase) -> None:
    target = make_case()
    repeat = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    wf.merge(repeat, actor=org["clerk"], now=LATER, into=target.pk)
    assert fresh(repeat).status == Status.MERGED


def test_a_case_cannot_be_merged_into_itself(org: Org, make_case: MakeCase) -> None:
    case = make_case()
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.merge(case, actor=org["clerk"], now=LATER, into=case.pk)
    assert list(refused.value.fields) == ["into"]
    assert snapshot(case) == before


@pytest.mark.parametrize(
    "closing",
    [
        pytest.param(Status.CLOSED, id="closed"),
        pytest.param(Status.ARCHIVED, id="archived"),
        pytest.param(Status.NOT_ACCEPTED, id="not-accepted"),
        pytest.param(Status.WITHDRAWN, id="withdrawn"),
        pytest.param(Status.MERGED, id="merged"),
    ],
)
def test_a_case_cannot_be_merged_into_a_closed_case(
    org: Org, make_case: MakeCase, closing: str
) -> None:
    target = make_case(title="已办结的同类工单")
    if closing in {Status.CLOSED, Status.ARCHIVED}:
        advance(target, closing, org, MONDAY)
    elif closing == Status.NOT_ACCEPTED:
        wf.reject(target, actor=org["clerk"], now=MONDAY, reason="out_of_scope")
    elif closing == Status.WITHDRAWN:
        wf.withdraw(target, actor=org["clerk"], now=MONDAY, reason="诉求人撤回")
    else:
        wf.merge(target, actor=org["clerk"], now=MONDAY, into=make_case().pk)
    assert fresh(target).status == closing
    case = make_case()
    before, target_before = snapshot(case), snapshot(target)
    with pytest.raises(InvalidInput) as refused:
        wf.merge(case, actor=org["clerk"], now=LATER, into=target.pk)
    assert list(refused.value.fields) == ["into"]
    assert (snapshot(case), snapshot(target)) == (before, target_before)


def test_a_case_cannot_be_merged_into_a_case_the_actor_cannot_see(
    org: Org, make_case: MakeCase
) -> None:
    centre_case = make_case(title="中心登记的工单")
    station_case = make_case(actor=org["station_clerk"], title="投诉站登记的工单")
    before = snapshot(station_case)
    with pytest.raises(InvalidInput) as refused:
        wf.merge(station_case, actor=org["station_clerk"], now=LATER, into=centre_case.pk)
    assert list(refused.value.fields) == ["into"]
    assert snapshot(station_case) == before
    # Told the same as for a case that does not exist at all.
    with pytest.raises(InvalidInput) as missing:
        wf.merge(station_case, actor=org["station_clerk"], now=LATER, into=centre_case.pk + 999)
    assert missing.value.fields == refused.value.fields


@pytest.mark.parametrize("into", ["1", None, True, 1.0, 2**70, -(2**70)])
def test_merge_needs_a_case_id(org: Org, make_case: MakeCase, into: Any) -> None:
    case = make_case()
    with pytest.raises(InvalidInput) as refused:
        wf.merge(case, actor=org["clerk"], now=LATER, into=into)
    assert list(refused.value.fields) == ["into"]


# --- reopen ---------------------------------------------------------------------------------


def test_reopening_a_refused_case_waits_for_acceptance_with_a_fresh_accept_due(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    wf.reject(case, actor=org["clerk"], now=MONDAY, reason="no_substance")
    wf.reopen(case, actor=org["supervisor"], now=FRIDAY, reason="诉求人补充了材料")
    stored = fresh(case)
    assert (stored.status, stored.closed_at, stored.handle_due, stored.accepted_at) == (
        Status.REGISTERED,
        None,
        None,
        None,
    )
    assert stored.accept_due == end_of(2026, 3, 9)  # Friday → Monday
    assert stored.current_due == stored.accept_due
    reopen = CaseEvent.objects.get(case=case, verb="reopen")
    assert (reopen.from_status, reopen.to_status, reopen.note) == (
        Status.NOT_ACCEPTED,
        Status.REGISTERED,
        "诉求人补充了材料",
    )
    wf.accept(case, actor=org["clerk"], now=FRIDAY)
    assert fresh(case).status == Status.ACCEPTED


def test_reopening_an_archived_case_waits_for_dispatch_with_a_fresh_handle_due(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.ARCHIVED, org, MONDAY)
    wf.reopen(case, actor=org["director"], now=FRIDAY, reason="问题复发")
    stored = fresh(case)
    assert (stored.status, stored.unit_id, stored.unit_due, stored.closed_at) == (
        Status.ACCEPTED,
        None,
        None,
        None,
    )
    assert (stored.satisfaction, stored.dissatisfied_count) == ("", 0)
    # 15 working days after Friday Mar 6: Mar 9–13, 16–20, 23–27.
    assert stored.handle_due == end_of(2026, 3, 27)
    wf.dispatch(case, actor=org["clerk"], now=FRIDAY, unit="unit-b")
    assert list(
        Assignment.objects.filter(case=case).order_by("id").values_list("unit__code", "state")
    ) == [("unit-a", AssignmentState.DONE), ("unit-b", AssignmentState.AWAITING_SIGN)]


def test_reopening_needs_a_reason(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.ARCHIVED, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.reopen(case, actor=org["director"], now=FRIDAY, reason=" ")
    assert list(refused.value.fields) == ["reason"]
    assert snapshot(case) == before


# --- withdraw -------------------------------------------------------------------------------


def test_withdrawing_cancels_the_open_transfer_and_the_pending_extension(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.request_extension(case, actor=org["unit_a_handler"], now=MONDAY, days=5, reason="需鉴定")
    wf.withdraw(case, actor=org["clerk"], now=LATER, reason="诉求人已与物业和解")
    stored = fresh(case)
    assert (stored.status, stored.closed_at, stored.extension_pending, stored.current_due) == (
        Status.WITHDRAWN,
        LATER,
        False,
        None,
    )
    assignment = Assignment.objects.get(case=case)
    assert (assignment.state, assignment.closed_at) == (AssignmentState.CANCELLED, LATER)
    request = ExtensionRequest.objects.get(case=case)
    assert (request.approved, request.decided_at, request.decided_by_id, request.note) == (
        False,
        LATER,
        org["clerk"].pk,
        "withdrawn",
    )


@pytest.mark.parametrize("suspended_first", [False, True], ids=["pending", "suspended-pending"])
def test_withdrawing_a_case_awaiting_sign_off_never_shows_it_to_the_unit(
    org: Org, make_case: MakeCase, suspended_first: bool
) -> None:
    # The transfer never reached the unit (第十条: no material to the unit without approval);
    # closing it must not make the case appear in the unit's list.
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    if suspended_first:
        wf.suspend(case, actor=org["director"], now=MONDAY, reason="等待领导批示")
    wf.withdraw(case, actor=org["clerk"], now=LATER, reason="诉求人撤回")
    assert fresh(case).status == Status.WITHDRAWN
    assignment = Assignment.objects.get(case=case)
    assert assignment.state not in OPEN_ASSIGNMENT_STATES
    assert assignment.closed_at == LATER
    assert list(visible_cases(org["unit_a_handler"])) == []
    assert list(visible_cases(org["unit_a_leader"])) == []


def test_withdrawing_a_suspended_case_clears_the_suspension(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.suspend(case, actor=org["deputy"], now=MONDAY, reason="等待鉴定")
    wf.withdraw(case, actor=org["clerk"], now=LATER, reason="诉求人撤回")
    stored = fresh(case)
    assert (stored.status, stored.suspended_from, stored.suspended_at) == (
        Status.WITHDRAWN,
        "",
        None,
    )
    assert Assignment.objects.get(case=case).state == AssignmentState.CANCELLED


def test_a_withdrawn_case_can_be_reopened_for_acceptance(org: Org, make_case: MakeCase) -> None:
    case = make_case()
    wf.withdraw(case, actor=org["clerk"], now=MONDAY, reason="诉求人撤回")
    wf.reopen(case, actor=org["deputy"], now=FRIDAY, reason="诉求人再次来电")
    stored = fresh(case)
    assert (stored.status, stored.accept_due) == (Status.REGISTERED, end_of(2026, 3, 9))


# --- reject with a reason from the list -----------------------------------------------------


@pytest.mark.parametrize(
    ("given", "code", "note"),
    [
        pytest.param("duplicate", "duplicate", "重复投诉,已并入在办工单", id="by-code"),
        pytest.param(
            "重复投诉,已并入在办工单", "duplicate", "重复投诉,已并入在办工单", id="by-text"
        ),
        pytest.param("诉求人情绪激动,无法核实", "other", "诉求人情绪激动,无法核实", id="free-text"),
        pytest.param("not_our_duty", "other", "not_our_duty", id="a-return-reason-is-not-one"),
    ],
)
def test_a_refusal_stores_the_reason_code_from_the_administrators_list(
    org: Org, make_case: MakeCase, given: str, code: str, note: str
) -> None:
    case = make_case()
    wf.reject(case, actor=org["clerk"], now=LATER, reason=given)
    stored = fresh(case)
    assert (stored.status, stored.closed_at) == (Status.NOT_ACCEPTED, LATER)
    event = CaseEvent.objects.get(case=case, verb="reject")
    assert (event.data, event.note) == ({"reason_code": code}, note)


def test_a_reason_the_administrators_added_is_recognised(org: Org, make_case: MakeCase) -> None:
    Reason.objects.create(kind=ReasonKind.NOT_ACCEPTED, code="anonymous_threat", text="匿名恐吓")
    case = make_case()
    wf.reject(case, actor=org["clerk"], now=LATER, reason="anonymous_threat")
    event = CaseEvent.objects.get(case=case, verb="reject")
    assert (event.data, event.note) == ({"reason_code": "anonymous_threat"}, "匿名恐吓")


def test_a_deactivated_reason_counts_as_free_text(org: Org, make_case: MakeCase) -> None:
    assert (
        Reason.objects.filter(kind=ReasonKind.NOT_ACCEPTED, code="duplicate").update(
            is_active=False
        )
        == 1
    )
    case = make_case()
    wf.reject(case, actor=org["clerk"], now=LATER, reason="duplicate")
    assert CaseEvent.objects.get(case=case, verb="reject").data == {"reason_code": "other"}


def test_a_refusal_needs_a_reason(org: Org, make_case: MakeCase) -> None:
    case = make_case()
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.reject(case, actor=org["clerk"], now=LATER, reason="")
    assert list(refused.value.fields) == ["reason"]
    assert snapshot(case) == before
