"""Staff hear of what waits for them, and only of cases they may open."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.conftest import MONDAY
from tests.notify.helpers import inbox, run_jobs, told
from tousu.cases import workflow as wf

LATER = MONDAY + timedelta(hours=1)


def test_a_dispatch_tells_the_units_handler_and_leader_and_nobody_else(
    org: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    run_jobs(MONDAY)  # the acceptance tells the complainant only

    wf.dispatch(case, actor=org["clerk"], now=LATER, unit="unit-a")
    run_jobs(LATER)

    assert inbox(org) == {"unit_a_handler": ["new_work"], "unit_a_leader": ["new_work"]}
    assert told(org["unit_a_handler"]) == [
        f"新工单 {case.number}:小区电梯长期故障无人维修,办理期限 2026-03-11"
    ]


def test_a_case_waiting_for_sign_off_reaches_the_signer_not_the_unit(
    org: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=MONDAY, severity="important")
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")
    run_jobs(MONDAY)

    # An important case: only the director may sign it off (no delegation to the deputy).
    assert inbox(org) == {"director": ["signoff_waiting"]}

    wf.approve(case, actor=org["director"], now=LATER, approve=True)
    run_jobs(LATER)

    assert inbox(org) == {
        "director": ["signoff_waiting"],
        "unit_a_handler": ["new_work"],
        "unit_a_leader": ["new_work"],
    }


def test_returns_extensions_and_results_go_to_the_centre_people_who_act_on_them(
    org: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")
    wf.sign(case, actor=org["unit_a_handler"], now=MONDAY)
    wf.request_extension(case, actor=org["unit_a_handler"], now=MONDAY, days=3, reason="需现场勘查")
    wf.submit_result(case, actor=org["unit_a_handler"], now=MONDAY, result="已修复电梯")
    other = make_case()
    wf.accept(other, actor=org["clerk"], now=MONDAY)
    wf.dispatch(other, actor=org["clerk"], now=MONDAY, unit="unit-b")
    wf.return_case(other, actor=org["unit_b_handler"], now=MONDAY, reason="not_our_remit")
    run_jobs(MONDAY)

    assert inbox(org) == {
        "unit_a_handler": ["new_work"],
        "unit_a_leader": ["new_work"],
        "deputy": ["extension_requested"],
        "director": ["extension_requested"],
        "clerk": ["result_to_review", "returned"],
        "intake_only": ["result_to_review"],
        "unit_b_handler": ["new_work"],
        "unit_b_leader": ["new_work"],
        "dispatcher": ["returned"],
    }


def test_nobody_is_told_of_their_own_action(org: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")
    wf.sign(case, actor=org["unit_a_leader"], now=MONDAY)
    wf.return_case(case, actor=org["unit_a_leader"], now=MONDAY, reason="not_our_remit")
    run_jobs(MONDAY)

    assert inbox(org)["clerk"] == ["returned"]
    assert inbox(org)["unit_a_leader"] == ["new_work"]
