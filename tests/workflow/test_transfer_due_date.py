"""The transfer's own due date (the unit's list, the case page's transfer table, the transfer
letter) is always the case's `unit_due`: an approved extension, a resume and a rework move both.
The unit's clock starts when the transfer reaches it: a period from the policy is counted from the
leader's sign-off; a date the dispatcher chose stays as chosen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, end_of, fresh, shanghai
from tousu.cases import workflow as wf
from tousu.cases.models import Assignment, AssignmentState, Case, CaseEvent, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]
THURSDAY = MONDAY + timedelta(days=3)  # 2026-03-05


def transfer_due(case: Case) -> Any:
    return Assignment.objects.get(case=case, state__in=["awaiting_sign", "active"]).due


def test_an_approved_extension_moves_the_transfers_due_date_with_the_cases(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    assert transfer_due(case) == end_of(2026, 3, 11)
    wf.request_extension(case, actor=org["unit_a_handler"], now=MONDAY, days=10, reason="需勘查")
    wf.decide_extension(case, actor=org["deputy"], now=MONDAY, approve=True, note="同意")
    assert fresh(case).unit_due == end_of(2026, 3, 25)
    assert transfer_due(case) == end_of(2026, 3, 25)


def test_a_resume_moves_the_transfers_due_date_by_the_days_spent_suspended(
    org: Org, make_case: MakeCase
) -> None:
    at = shanghai(2026, 2, 9)
    case = advance(make_case(now=at, received_at=at), Status.HANDLING, org, at)
    wf.suspend(case, actor=org["deputy"], now=shanghai(2026, 2, 13), reason="等待鉴定结论")
    wf.resume(case, actor=org["deputy"], now=shanghai(2026, 2, 25))
    assert fresh(case).unit_due == end_of(2026, 2, 28)
    assert transfer_due(case) == end_of(2026, 2, 28)


def test_a_rework_gives_the_reopened_transfer_the_fresh_due_date(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.RESULT_SUBMITTED, org, MONDAY)
    wf.review(case, actor=org["clerk"], now=THURSDAY, approve=False, note="未附整改照片")
    assert fresh(case).unit_due == end_of(2026, 3, 16)
    transfer = Assignment.objects.get(case=case)
    assert (transfer.state, transfer.closed_at, transfer.due) == (
        AssignmentState.ACTIVE,
        None,
        end_of(2026, 3, 16),
    )


def test_the_units_clock_starts_at_the_sign_off_when_the_policy_gave_the_period(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(safety=True), Status.ACCEPTED, org, MONDAY)  # important
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")
    assert fresh(case).status == Status.PENDING_APPROVAL
    dispatched = CaseEvent.objects.get(case=case, verb="dispatch").data
    assert (dispatched["due_chosen"], dispatched["unit_days"]) == (False, 7)

    wf.approve(case, actor=org["director"], now=THURSDAY, approve=True, note="同意")
    stored = fresh(case)
    # Seven working days from Thursday Mar 5, not from Monday's dispatch (Mar 11).
    assert (stored.status, stored.unit_due) == (Status.DISPATCHED, end_of(2026, 3, 16))
    assert stored.current_due == end_of(2026, 3, 16)
    assert transfer_due(case) == end_of(2026, 3, 16)
    approval = CaseEvent.objects.get(case=case, verb="approve")
    assert approval.data == {"approve": True, "unit_days": 7}


def test_a_date_the_dispatcher_chose_stays_as_chosen_after_the_sign_off(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(safety=True), Status.ACCEPTED, org, MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a", due=date(2026, 3, 20))
    assert CaseEvent.objects.get(case=case, verb="dispatch").data["due_chosen"] is True
    wf.approve(case, actor=org["director"], now=THURSDAY, approve=True, note="同意")
    assert fresh(case).unit_due == end_of(2026, 3, 20)
    assert transfer_due(case) == end_of(2026, 3, 20)
    assert CaseEvent.objects.get(case=case, verb="approve").data == {"approve": True}


def test_self_handling_after_sign_off_starts_the_centres_clock_at_the_sign_off(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(safety=True), Status.ACCEPTED, org, MONDAY)
    wf.self_handle(case, actor=org["clerk"], now=MONDAY)
    wf.approve(case, actor=org["director"], now=THURSDAY, approve=True, note="同意")
    stored = fresh(case)
    assert (stored.status, stored.unit_due) == (Status.HANDLING, end_of(2026, 3, 16))
    assert transfer_due(case) == end_of(2026, 3, 16)
