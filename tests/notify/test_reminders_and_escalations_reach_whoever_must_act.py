"""催办 reaches the unit holding the case; 督办 its leader and the centre's supervisors."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from tests.conftest import MONDAY
from tests.notify.helpers import inbox, run_jobs, told
from tousu.cases import workflow as wf


def _at_unit_a(org: dict[str, Any], make_case: Any) -> Any:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")
    wf.sign(case, actor=org["unit_a_handler"], now=MONDAY)
    run_jobs(MONDAY)
    return case


def test_a_reminder_tells_the_holding_units_staff(org: dict[str, Any], make_case: Any) -> None:
    case = _at_unit_a(org, make_case)

    wf.remind(case, actor=org["supervisor"], now=MONDAY, note="请加快办理")
    run_jobs(MONDAY)

    assert inbox(org) == {
        "unit_a_handler": ["new_work", "reminder"],
        "unit_a_leader": ["new_work", "reminder"],
    }
    assert (
        told(org["unit_a_leader"])[-1] == f"催办 {case.number}:小区电梯长期故障无人维修,请抓紧办理"
    )


def test_an_escalation_tells_the_units_leader_and_the_supervisors(
    org: dict[str, Any], make_case: Any
) -> None:
    case = _at_unit_a(org, make_case)

    wf.escalate(case, actor=org["deputy"], now=MONDAY, note="逾期未办")
    run_jobs(MONDAY)

    assert inbox(org) == {
        "unit_a_handler": ["new_work"],
        "unit_a_leader": ["new_work", "escalation"],
        "supervisor": ["escalation"],
    }
    answer_due = case.escalations.get().answer_due.astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert told(org["supervisor"]) == [
        f"督办 {case.number}:小区电梯长期故障无人维修,请于 {answer_due.isoformat()} 前回复"
    ]
