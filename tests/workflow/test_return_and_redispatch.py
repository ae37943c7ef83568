"""退单: a unit sends a case back; the centre dispatches it elsewhere. The first unit keeps seeing
the case it once held; only the new unit works it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, end_of, fresh, snapshot, verbs_of
from tousu.cases import workflow as wf
from tousu.cases.access import visible_cases
from tousu.cases.errors import Forbidden, InvalidInput
from tousu.cases.models import (
    Assignment,
    AssignmentState,
    Case,
    CaseEvent,
    ExtensionRequest,
    Status,
)

Org = dict[str, Any]
MakeCase = Callable[..., Case]
LATER = MONDAY + timedelta(hours=2)
# Wednesday 2026-03-04 10:00 Shanghai: seven working days later is Friday Mar 13.
WEDNESDAY = MONDAY + timedelta(days=2)


def _returned(org: Org, make_case: MakeCase, *, signed: bool) -> Case:
    case = advance(make_case(), Status.HANDLING if signed else Status.DISPATCHED, org, MONDAY)
    wf.return_case(case, actor=org["unit_a_leader"], now=LATER, reason="not_our_duty")
    return case


@pytest.mark.parametrize("signed", [False, True], ids=["before-signing", "after-signing"])
def test_a_returned_case_goes_back_to_the_centre_for_dispatch(
    org: Org, make_case: MakeCase, signed: bool
) -> None:
    case = _returned(org, make_case, signed=signed)
    stored = fresh(case)
    assert (stored.status, stored.unit_id, stored.unit_due) == (Status.ACCEPTED, None, None)
    assert stored.current_due == stored.handle_due == end_of(2026, 3, 23)
    assignment = Assignment.objects.get(case=case)
    assert (assignment.state, assignment.closed_at) == (AssignmentState.RETURNED, LATER)
    event = CaseEvent.objects.get(case=case, verb="return")
    assert (event.note, event.data) == (
        "不属于本单位职责范围",
        {"reason_code": "not_our_duty", "unit": "unit-a"},
    )


def test_a_return_needs_a_reason(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.DISPATCHED, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.return_case(case, actor=org["unit_a_handler"], now=LATER, reason="")
    assert list(refused.value.fields) == ["reason"]
    assert snapshot(case) == before


def test_returning_a_case_cancels_its_pending_extension(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.request_extension(case, actor=org["unit_a_handler"], now=MONDAY, days=3, reason="需协调")
    wf.return_case(case, actor=org["unit_a_handler"], now=LATER, reason="地址不在本辖区")
    assert fresh(case).extension_pending is False
    request = ExtensionRequest.objects.get(case=case)
    assert (request.approved, request.decided_at, request.note) == (False, LATER, "returned")


def test_the_unit_that_returned_a_case_still_sees_it(org: Org, make_case: MakeCase) -> None:
    case = _returned(org, make_case, signed=True)
    assert list(visible_cases(org["unit_a_handler"])) == [case]
    assert list(visible_cases(org["unit_b_handler"])) == []
    # …but may no longer do anything with it.
    assert wf.available_verbs(org["unit_a_handler"], fresh(case), LATER) == []


def test_a_returned_case_redispatched_to_unit_b_is_signed_by_b(
    org: Org, make_case: MakeCase
) -> None:
    case = _returned(org, make_case, signed=False)
    wf.dispatch(case, actor=org["dispatcher"], now=WEDNESDAY, unit="unit-b")
    stored = fresh(case)
    assert (stored.status, stored.unit_id, stored.unit_due) == (
        Status.DISPATCHED,
        org["unit_b"].pk,
        end_of(2026, 3, 13),
    )
    assert list(visible_cases(org["unit_b_handler"])) == [case]
    assert list(visible_cases(org["unit_a_handler"])) == [case]  # held it once

    before = snapshot(case)
    with pytest.raises(Forbidden):
        wf.sign(case, actor=org["unit_a_handler"], now=WEDNESDAY)
    assert snapshot(case) == before

    wf.sign(case, actor=org["unit_b_handler"], now=WEDNESDAY)
    assert fresh(case).status == Status.HANDLING
    assert list(
        Assignment.objects.filter(case=case).order_by("id").values_list("unit__code", "state")
    ) == [("unit-a", AssignmentState.RETURNED), ("unit-b", AssignmentState.ACTIVE)]
    assert verbs_of(case) == ["register", "accept", "dispatch", "return", "dispatch", "sign"]


def test_unit_b_finishes_a_redispatched_case_and_unit_a_cannot_interfere(
    org: Org, make_case: MakeCase
) -> None:
    case = _returned(org, make_case, signed=True)
    wf.dispatch(case, actor=org["clerk"], now=WEDNESDAY, unit="unit-b")
    wf.sign(case, actor=org["unit_b_leader"], now=WEDNESDAY)
    for verb_call in (
        lambda: wf.submit_result(case, actor=org["unit_a_handler"], now=WEDNESDAY, result="x"),
        lambda: wf.return_case(case, actor=org["unit_a_leader"], now=WEDNESDAY, reason="x"),
    ):
        before = snapshot(case)
        with pytest.raises(Forbidden):
            verb_call()
        assert snapshot(case) == before
    advance(case, Status.CLOSED, org, WEDNESDAY)
    assert fresh(case).status == Status.CLOSED
    assert list(
        Assignment.objects.filter(case=case).order_by("id").values_list("unit__code", "state")
    ) == [("unit-a", AssignmentState.RETURNED), ("unit-b", AssignmentState.DONE)]


def test_a_case_cannot_be_dispatched_to_an_unknown_inactive_or_centre_unit(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    org["unit_b"].is_active = False
    org["unit_b"].save()
    for unit in ("unit-x", "unit-b", "centre", "station-east", None):
        before = snapshot(case)
        with pytest.raises(InvalidInput) as refused:
            wf.dispatch(case, actor=org["clerk"], now=LATER, unit=unit)
        assert list(refused.value.fields) == ["unit"]
        assert snapshot(case) == before
