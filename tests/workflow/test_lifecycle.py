"""The whole closed loop, for every kind: register → … → archive, through the workflow only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tousu.cases import workflow as wf
from tousu.cases.models import Assignment, AssignmentState, Case, CaseEvent, Kind, Status


@pytest.mark.parametrize("kind", Kind.values)
def test_a_case_of_every_kind_goes_round_the_closed_loop_to_the_archive(
    org: dict[str, Any], make_case: Any, kind: str
) -> None:
    case = make_case(kind=kind)
    t = MONDAY
    wf.accept(case, actor=org["clerk"], now=(t := t + timedelta(hours=1)))
    wf.dispatch(case, actor=org["clerk"], now=(t := t + timedelta(hours=1)), unit="unit-a")
    wf.sign(case, actor=org["unit_a_handler"], now=(t := t + timedelta(hours=1)))
    wf.submit_result(
        case,
        actor=org["unit_a_handler"],
        now=(t := t + timedelta(days=1)),
        result="已督促物业修复电梯",
        justified=True,
    )
    wf.review(case, actor=org["clerk"], now=(t := t + timedelta(hours=1)), approve=True)
    wf.reply(
        case,
        actor=org["clerk"],
        now=(t := t + timedelta(hours=1)),
        content="电梯已修复",
        channel="phone",
    )
    wf.callback(
        case, actor=org["clerk"], now=(t := t + timedelta(hours=1)), satisfaction="satisfied"
    )
    wf.archive(case, actor=org["clerk"], now=(t := t + timedelta(hours=1)))

    stored = Case.objects.get(pk=case.pk)
    assert stored.status == Status.ARCHIVED
    assert stored.justified is True
    assert stored.satisfaction == "satisfied"
    assert stored.current_due is None
    assert list(CaseEvent.objects.filter(case=case).values_list("verb", flat=True)) == [
        "register",
        "accept",
        "dispatch",
        "sign",
        "submit_result",
        "review",
        "reply",
        "callback",
        "archive",
    ]
    assert list(Assignment.objects.filter(case=case).values_list("state", flat=True)) == [
        AssignmentState.DONE
    ]


def test_a_self_handled_case_is_worked_by_the_centre_without_a_unit(
    org: dict[str, Any], make_case: Any
) -> None:
    case = make_case(kind="consultation")
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.self_handle(case, actor=org["clerk"], now=MONDAY)
    assert case.status == Status.HANDLING
    assert case.unit_id == org["centre"].pk
    wf.submit_result(case, actor=org["clerk"], now=MONDAY, result="已电话解答政策")
    assert Case.objects.get(pk=case.pk).status == Status.RESULT_SUBMITTED
