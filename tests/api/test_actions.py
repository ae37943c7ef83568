"""POST /cases/{id}/actions/{verb}: the closed loop through the API, and every way a verb is
refused (unknown verb 400, wrong state 409, no right 403, not visible 404)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import (
    ACCEPT_DUE,
    HANDLE_DUE,
    UNIT_DUE,
    act,
    advance,
    create,
    db_state,
    error_of,
    get,
    invalid,
)
from tests.conftest import MONDAY
from tousu.cases import workflow
from tousu.cases.models import Assignment, Case, CaseEvent, ExtensionRequest

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def test_a_complaint_goes_round_the_whole_loop_through_the_api(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    clerk, handler = api_as("clerk"), api_as("unit_a_handler")
    case_id = create(clerk).json()["id"]
    steps: list[tuple[Client, str, dict[str, Any], str]] = [
        (clerk, "accept", {}, "accepted"),
        (clerk, "dispatch", {"unit": "unit-a", "due": None}, "dispatched"),
        (handler, "sign", {}, "handling"),
        (
            handler,
            "submit_result",
            {"result": "已督促物业修复电梯", "justified": True},
            "result_submitted",
        ),
        (clerk, "review", {"approve": True, "note": "办理到位"}, "reviewed"),
        (clerk, "reply", {"content": "电梯已修复,请留意", "channel": "phone"}, "replied"),
        (clerk, "callback", {"satisfaction": "satisfied", "note": "群众满意"}, "closed"),
        (clerk, "archive", {}, "archived"),
    ]

    for client, verb, body, status in steps:
        clock.shift(timedelta(minutes=10))
        response = act(client, case_id, verb, body)
        assert response.status_code == 200, (verb, response.content)
        assert response.json()["id"] == case_id
        assert response.json()["status"] == status, verb
        assert Case.objects.get(pk=case_id).status == status

    final = get(clerk, f"/cases/{case_id}").json()
    assert final["unit"] == "unit-a"
    assert final["result"] == "已督促物业修复电梯"
    assert final["justified"] is True
    assert final["reply"] == "电梯已修复,请留意"
    assert final["satisfaction"] == "satisfied"
    assert final["deadline_state"] == "normal"
    assert final["deadlines"]["accept_due"] == ACCEPT_DUE
    assert final["deadlines"]["handle_due"] == HANDLE_DUE
    assert final["deadlines"]["current_due"] is None
    assert final["actions"] == []  # only a leader or the supervisor may reopen
    assert list(CaseEvent.objects.filter(case_id=case_id).values_list("verb", flat=True)) == [
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


def test_each_answer_is_the_case_as_the_caller_sees_it_with_the_verbs_now_open_to_them(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()

    accepted = act(api_as("clerk"), case.pk, "accept").json()

    assert accepted["status"] == "accepted"
    assert accepted["severity_confirmed"] is True
    assert "dispatch" in accepted["actions"]
    assert "accept" not in accepted["actions"]
    assert accepted["version"] == Case.objects.get(pk=case.pk).version


def test_dispatch_without_a_due_date_takes_the_unit_deadline_from_the_policy(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "accepted", now=MONDAY - timedelta(hours=1))

    response = act(api_as("clerk"), case.pk, "dispatch", {"unit": "unit-a", "due": None})

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "dispatched"
    assert body["unit"] == "unit-a"
    # 7 working days after Monday 2026-03-02; the unit's clock runs before the handling one.
    assert body["deadlines"]["unit_due"] == UNIT_DUE
    assert body["deadlines"]["current_due"] == UNIT_DUE
    assignment = Assignment.objects.get(case=case)
    assert (assignment.unit, assignment.state) == (org["unit_a"], "awaiting_sign")


def test_dispatch_with_a_due_date_makes_the_unit_due_at_the_end_of_that_day(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "accepted")

    response = act(api_as("clerk"), case.pk, "dispatch", {"unit": "unit-a", "due": "2026-03-06"})

    assert response.json()["deadlines"]["unit_due"] == "2026-03-06T23:59:59+08:00"


def test_the_accept_verb_may_confirm_another_severity(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()

    response = act(api_as("clerk"), case.pk, "accept", {"severity": "important"})

    assert response.json()["severity"] == "important"
    assert Case.objects.get(pk=case.pk).severity == "important"


def test_an_unknown_verb_is_a_400_naming_the_verb_and_nothing_changes(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()
    before = db_state()

    response = act(api_as("clerk"), case.pk, "teleport", {})

    error = error_of(response, 400)
    assert error["code"] == "unknown_verb"
    assert list(error["fields"]) == ["verb"]
    assert db_state() == before


@pytest.mark.parametrize(
    ("status", "username", "verb", "body"),
    [
        ("registered", "clerk", "archive", {}),
        ("registered", "clerk", "dispatch", {"unit": "unit-a"}),
        ("registered", "clerk", "review", {"approve": True}),
        ("accepted", "clerk", "accept", {}),
        ("dispatched", "unit_a_handler", "submit_result", {"result": "已办结"}),
        ("handling", "unit_a_handler", "sign", {}),
        ("handling", "deputy", "decide_extension", {"approve": True}),
        ("result_submitted", "clerk", "reply", {"content": "已办结", "channel": "phone"}),
        ("closed", "clerk", "callback", {"satisfaction": "satisfied"}),
        ("archived", "clerk", "archive", {}),
        ("archived", "clerk", "withdraw", {"reason": "诉求人撤回"}),
    ],
)
def test_a_verb_in_the_wrong_state_is_a_409_carrying_the_current_status_and_changes_nothing(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    status: str,
    username: str,
    verb: str,
    body: dict[str, Any],
) -> None:
    case = advance(make_case(), org, status)
    before = db_state()

    response = act(api_as(username), case.pk, verb, body)

    error = error_of(response, 409)
    assert error["code"] == "invalid_state"
    assert error["fields"] == {}
    assert response.json()["status"] == status
    assert db_state() == before


def test_a_second_extension_request_while_one_waits_is_a_409(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling")
    handler = api_as("unit_a_handler")
    first = act(handler, case.pk, "request_extension", {"days": 5, "reason": "需现场核查"})
    assert first.status_code == 200
    assert first.json()["extension_pending"] is True
    before = db_state()

    second = act(handler, case.pk, "request_extension", {"days": 3, "reason": "再延"})

    assert error_of(second, 409)["code"] == "invalid_state"
    assert second.json()["status"] == "handling"
    assert db_state() == before


@pytest.mark.parametrize("days", [1, 60])
def test_an_extension_of_one_to_sixty_working_days_may_be_requested(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture, days: int
) -> None:
    case = advance(make_case(), org, "handling")

    response = act(
        api_as("unit_a_handler"),
        case.pk,
        "request_extension",
        {"days": days, "reason": "需现场核查"},
    )

    assert response.status_code == 200
    assert ExtensionRequest.objects.get(case=case).days == days


@pytest.mark.parametrize("days", [0, 61])
def test_an_extension_of_zero_or_sixty_one_days_is_refused_naming_days(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture, days: int
) -> None:
    case = advance(make_case(), org, "handling")
    before = db_state()

    response = act(
        api_as("unit_a_handler"),
        case.pk,
        "request_extension",
        {"days": days, "reason": "需现场核查"},
    )

    invalid(response, "days")
    assert db_state() == before


def test_an_approved_extension_moves_the_handling_and_unit_deadlines(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling")
    act(api_as("unit_a_handler"), case.pk, "request_extension", {"days": 3, "reason": "需现场核查"})

    response = act(api_as("deputy"), case.pk, "decide_extension", {"approve": True, "note": "同意"})

    assert response.status_code == 200
    deadlines = response.json()["deadlines"]
    assert deadlines["handle_due"] == "2026-03-26T23:59:59+08:00"
    assert deadlines["unit_due"] == "2026-03-16T23:59:59+08:00"
    assert response.json()["extension_pending"] is False


@pytest.mark.parametrize(
    ("status", "username", "verb", "body"),
    [
        ("registered", "analyst", "accept", {}),
        ("registered", "supervisor", "accept", {}),
        ("accepted", "intake_only", "dispatch", {"unit": "unit-a"}),
        ("accepted", "analyst", "self_handle", {}),
        ("dispatched", "clerk", "sign", {}),
        ("handling", "clerk", "submit_result", {"result": "中心代为办结"}),
        ("handling", "unit_a_handler", "decide_extension", {"approve": True}),
        ("handling", "clerk", "suspend", {"reason": "等待鉴定"}),
        ("result_submitted", "unit_a_handler", "review", {"approve": True}),
        ("result_submitted", "unit_a_leader", "review", {"approve": True}),
        ("reviewed", "unit_a_handler", "reply", {"content": "已修复", "channel": "phone"}),
        ("replied", "analyst", "callback", {"satisfaction": "satisfied"}),
        ("closed", "unit_a_handler", "archive", {}),
        ("archived", "clerk", "reopen", {"reason": "群众再次反映"}),
    ],
)
def test_a_caller_who_sees_the_case_but_lacks_the_right_gets_403_and_nothing_changes(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    status: str,
    username: str,
    verb: str,
    body: dict[str, Any],
) -> None:
    case = advance(make_case(), org, status)
    client = api_as(username)
    assert get(client, f"/cases/{case.pk}").status_code == 200  # they do see it
    before = db_state()

    response = act(client, case.pk, verb, body)

    error = error_of(response, 403)
    assert error["code"] == "forbidden"
    assert error["fields"] == {}
    assert db_state() == before


@pytest.mark.parametrize(
    ("status", "username", "verb", "body"),
    [
        ("registered", "nobody", "accept", {}),
        ("registered", "unit_a_handler", "accept", {}),
        ("registered", "station_clerk", "accept", {}),
        ("dispatched", "unit_b_handler", "sign", {}),
        ("dispatched", "unit_b_leader", "return", {"reason": "not_our_duty"}),
        ("handling", "unit_b_handler", "submit_result", {"result": "已办结"}),
        ("handling", "unit_b_handler", "request_extension", {"days": 3, "reason": "x"}),
        ("accepted", "unit_a_handler", "dispatch", {"unit": "unit-a"}),
        # Refused as not found before the body or the state is even looked at:
        ("registered", "nobody", "accept", "{malformed"),
        ("archived", "unit_b_handler", "archive", {}),
    ],
)
def test_a_caller_who_cannot_see_the_case_gets_404_never_403(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    status: str,
    username: str,
    verb: str,
    body: Any,
) -> None:
    case = advance(make_case(), org, status)
    before = db_state()

    response = act(api_as(username), case.pk, verb, body)

    error = error_of(response, 404)
    assert error["code"] == "not_found"
    assert db_state() == before


def test_a_case_that_does_not_exist_is_a_404_like_one_the_caller_may_not_see(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    hidden = advance(make_case(), org, "dispatched")
    client = api_as("unit_b_handler")

    missing = act(client, hidden.pk + 1000, "sign")
    invisible = act(client, hidden.pk, "sign")

    assert missing.status_code == invisible.status_code == 404
    assert missing.json() == invisible.json()


def test_an_important_case_waits_for_the_directors_sign_off_before_reaching_the_unit(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case(severity="important")
    clerk = api_as("clerk")
    act(clerk, case.pk, "accept")

    dispatched = act(clerk, case.pk, "dispatch", {"unit": "unit-a"})
    assert dispatched.json()["status"] == "pending_approval"

    # A deputy without the director's delegation may not sign off an important case.
    before = db_state()
    refused = act(api_as("deputy"), case.pk, "approve", {"approve": True})
    assert error_of(refused, 403)["code"] == "forbidden"
    assert db_state() == before

    approved = act(api_as("director"), case.pk, "approve", {"approve": True, "note": "同意转办"})
    assert approved.status_code == 200
    assert approved.json()["status"] == "dispatched"
    assert act(api_as("unit_a_handler"), case.pk, "sign").json()["status"] == "handling"


def test_a_refused_sign_off_sends_the_case_back_to_dispatch_without_a_unit(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case(severity="important")
    act(api_as("clerk"), case.pk, "accept")
    act(api_as("clerk"), case.pk, "dispatch", {"unit": "unit-a"})

    response = act(
        api_as("director"), case.pk, "approve", {"approve": False, "note": "应由区级办理"}
    )

    assert response.json()["status"] == "accepted"
    assert response.json()["unit"] is None
    assert response.json()["deadlines"]["unit_due"] is None


def test_a_unit_returns_a_case_and_it_waits_for_dispatch_again(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "dispatched")

    response = act(api_as("unit_a_handler"), case.pk, "return", {"reason": "not_our_duty"})

    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert response.json()["unit"] is None
    event = CaseEvent.objects.filter(case=case).last()
    assert event is not None
    assert (event.verb, event.note, event.data["reason_code"]) == (
        "return",
        "不属于本单位职责范围",
        "not_our_duty",
    )


def test_a_review_refused_sends_the_case_back_to_the_same_unit(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "result_submitted")

    response = act(api_as("clerk"), case.pk, "review", {"approve": False, "note": "未附现场照片"})

    assert response.json()["status"] == "handling"
    assert response.json()["unit"] == "unit-a"
    assert response.json()["rework_count"] == 1


def test_a_dissatisfied_callback_sends_the_case_back_to_the_unit_once(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "replied")

    response = act(api_as("clerk"), case.pk, "callback", {"satisfaction": "dissatisfied"})

    assert response.json()["status"] == "handling"
    assert response.json()["satisfaction"] == "dissatisfied"
    assert (
        act(api_as("unit_a_handler"), case.pk, "submit_result", {"result": "已再次维修"}).json()[
            "status"
        ]
        == "result_submitted"
    )


def test_the_centre_handles_a_consultation_itself(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(kind="consultation"), org, "accepted")
    clerk = api_as("clerk")

    handled = act(clerk, case.pk, "self_handle")
    assert handled.json()["status"] == "handling"
    assert handled.json()["unit"] == "centre"

    result = act(clerk, case.pk, "submit_result", {"result": "已电话解答政策"})
    assert result.json()["status"] == "result_submitted"


def test_suspending_and_resuming_moves_the_deadlines_by_the_working_days_lost(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling")
    deputy = api_as("deputy")

    suspended = act(deputy, case.pk, "suspend", {"reason": "等待司法鉴定"})
    assert suspended.json()["status"] == "suspended"
    assert suspended.json()["deadlines"]["current_due"] is None

    clock.move_to(MONDAY + timedelta(days=7), tick=False)  # Monday 2026-03-09: 5 working days
    resumed = act(deputy, case.pk, "resume")

    assert resumed.json()["status"] == "handling"
    assert resumed.json()["deadlines"]["handle_due"] == "2026-03-30T23:59:59+08:00"
    assert resumed.json()["deadlines"]["unit_due"] == "2026-03-18T23:59:59+08:00"


def test_a_registered_case_is_merged_into_another_and_closed(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    main, repeat = make_case(), make_case()

    response = act(api_as("clerk"), repeat.pk, "merge", {"into": main.pk})

    assert response.json()["status"] == "merged"
    assert response.json()["merged_into"] == main.pk
    assert list(CaseEvent.objects.filter(case=main).values_list("verb", flat=True)) == [
        "register",
        "merged_in",
    ]


def test_the_clerk_rejects_a_case_with_a_reason_from_the_list(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()

    response = act(api_as("clerk"), case.pk, "reject", {"reason": "in_litigation"})

    assert response.json()["status"] == "not_accepted"
    assert response.json()["deadlines"]["current_due"] is None
    event = CaseEvent.objects.filter(case=case).last()
    assert event is not None
    assert event.note == "已进入诉讼、仲裁、行政复议程序"


def test_a_withdrawn_case_may_be_reopened_by_the_supervisor(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling")
    act(api_as("clerk"), case.pk, "withdraw", {"reason": "诉求人撤回"})

    response = act(api_as("supervisor"), case.pk, "reopen", {"reason": "诉求人再次来电"})

    assert response.json()["status"] == "registered"
    assert response.json()["unit"] is None


def test_a_change_by_someone_else_between_reading_and_writing_is_a_409_conflict(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = make_case()
    accept = workflow.VERBS["accept"]

    def accept_after_a_colleague_rejected(stale: Case, **kwargs: Any) -> Case:
        # The dispatcher rejects the case after the API loaded it, before the accept is written.
        workflow.reject(
            Case.objects.get(pk=stale.pk), actor=org["dispatcher"], now=MONDAY, reason="duplicate"
        )
        return accept(stale, **kwargs)

    monkeypatch.setitem(workflow.VERBS, "accept", accept_after_a_colleague_rejected)

    response = act(api_as("clerk"), case.pk, "accept")

    assert error_of(response, 409)["code"] == "conflict"
    assert response.json()["status"] == "not_accepted"
    assert Case.objects.get(pk=case.pk).status == "not_accepted"
    assert list(CaseEvent.objects.filter(case=case).values_list("verb", flat=True)) == [
        "register",
        "reject",
    ]
