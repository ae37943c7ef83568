"""Shared steps for the workflow tests: walking a case along the loop with the right actors,
calling any verb with a sensible body, and photographing what a refused verb must not change."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tousu.cases import workflow as wf
from tousu.cases.models import (
    LEADER_SIGNOFF_SEVERITIES,
    Assignment,
    Case,
    CaseEvent,
    ExtensionRequest,
    Status,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Every user the conftest `org` fixture creates.
ALL_USERS = (
    "clerk",
    "intake_only",
    "dispatcher",
    "deputy",
    "director",
    "supervisor",
    "analyst",
    "station_clerk",
    "unit_a_handler",
    "unit_a_leader",
    "unit_b_handler",
    "unit_b_leader",
    "nobody",
    "admin",
)

HANDLER_OF = {"unit-a": "unit_a_handler", "unit-b": "unit_b_handler"}

# The main loop, in order; pending_approval sits between accepted and dispatched when a leader
# must sign off.
LOOP = (
    Status.REGISTERED,
    Status.ACCEPTED,
    Status.PENDING_APPROVAL,
    Status.DISPATCHED,
    Status.HANDLING,
    Status.RESULT_SUBMITTED,
    Status.REVIEWED,
    Status.REPLIED,
    Status.CLOSED,
    Status.ARCHIVED,
)


def shanghai(
    year: int, month: int, day: int, hour: int = 10, minute: int = 0, second: int = 0
) -> datetime:
    """A wall-clock time in Shanghai, as the aware UTC datetime the domain stores."""
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI).astimezone(UTC)


def end_of(year: int, month: int, day: int) -> datetime:
    """23:59:59 Shanghai time of that day, in UTC (what every deadline looks like)."""
    return shanghai(year, month, day, 23, 59, 59)


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def holder_actor(case: Case, org: dict[str, Any]) -> Any:
    """Who works the case in the unit that holds it (the clerk for a self-handled case)."""
    assert case.unit_id is not None, "the case is held by no unit"
    if case.unit_id == org["centre"].pk:
        return org["clerk"]
    code = org["unit_a"].code if case.unit_id == org["unit_a"].pk else org["unit_b"].code
    return org[HANDLER_OF[code]]


def reviewer(case: Case, org: dict[str, Any]) -> Any:
    """Closing an important case needs the director; a general one the clerk."""
    return org["director"] if case.severity in LEADER_SIGNOFF_SEVERITIES else org["clerk"]


def step(case: Case, org: dict[str, Any], now: datetime, *, unit: str = "unit-a") -> Case:
    """One step along the loop, by the person who would take it."""
    status = case.status
    if status == Status.REGISTERED:
        return wf.accept(case, actor=org["clerk"], now=now)
    if status == Status.ACCEPTED:
        return wf.dispatch(case, actor=org["clerk"], now=now, unit=unit)
    if status == Status.PENDING_APPROVAL:
        return wf.approve(case, actor=org["director"], now=now, approve=True)
    if status == Status.DISPATCHED:
        return wf.sign(case, actor=holder_actor(case, org), now=now)
    if status == Status.HANDLING:
        return wf.submit_result(
            case, actor=holder_actor(case, org), now=now, result="已核实并督促整改", justified=True
        )
    if status == Status.RESULT_SUBMITTED:
        return wf.review(case, actor=reviewer(case, org), now=now, approve=True)
    if status == Status.REVIEWED:
        return wf.reply(case, actor=org["clerk"], now=now, content="已整改完毕", channel="phone")
    if status == Status.REPLIED:
        return wf.callback(case, actor=org["clerk"], now=now, satisfaction="satisfied")
    if status == Status.CLOSED:
        return wf.archive(case, actor=org["clerk"], now=now)
    raise AssertionError(f"no step along the loop from {status}")


def advance(
    case: Case, to: str, org: dict[str, Any], now: datetime, *, unit: str = "unit-a"
) -> Case:
    """Walk the case along the loop until it reaches `to` (dispatching to `unit`)."""
    target = LOOP.index(Status(to))
    while case.status != to:
        assert LOOP.index(Status(case.status)) < target, f"{case.status} is past {to}"
        step(case, org, now, unit=unit)
    return case


def to_pending_decision(case: Case, org: dict[str, Any], now: datetime) -> Case:
    """Two dissatisfied callbacks: the case waits for the leader's decision."""
    advance(case, Status.REPLIED, org, now)
    wf.callback(case, actor=org["clerk"], now=now, satisfaction="dissatisfied", note="未修好")
    advance(case, Status.REPLIED, org, now)
    wf.callback(case, actor=org["clerk"], now=now, satisfaction="dissatisfied", note="仍未修好")
    assert case.status == Status.PENDING_DECISION
    return case


def default_body(verb: str, case: Case) -> dict[str, Any]:
    """A valid body for each verb (merge targets the case itself unless told otherwise)."""
    bodies: dict[str, dict[str, Any]] = {
        "accept": {},
        "reject": {"reason": "不属于受理范围"},
        "refer": {"to": "市公安局", "reason": "属治安案件"},
        "dispatch": {"unit": "unit-a"},
        "self_handle": {},
        "approve": {"approve": True, "note": "同意"},
        "sign": {},
        "return": {"reason": "不属本单位职责"},
        "request_extension": {"days": 5, "reason": "需现场勘查"},
        "decide_extension": {"approve": True, "note": "同意延期"},
        "submit_result": {"result": "已处理", "justified": True},
        "review": {"approve": True, "note": ""},
        "reply": {"content": "已处理完毕", "channel": "phone"},
        "callback": {"satisfaction": "satisfied", "note": ""},
        "decide": {"rehandle": False, "note": "已尽力,予以办结"},
        "archive": {},
        "suspend": {"reason": "等待司法鉴定"},
        "resume": {},
        "merge": {"into": case.pk},
        "reopen": {"reason": "诉求人提出新证据"},
        "withdraw": {"reason": "诉求人撤回"},
        "disclose_identity": {"reason": "核实需要联系诉求人"},
        "warn": {},
        "remind": {"note": "请加快办理"},
        "escalate": {"note": "逾期未办结,请单位负责人督促", "answer_due": None},
        "answer_escalation": {"note": "已安排专人办理,本周内办结"},
        "draw_for_recheck": {},
        "recheck": {"satisfaction": "satisfied", "note": "诉求人确认已解决"},
    }
    return bodies[verb]


def act(verb: str, case: Case, actor: Any, now: datetime, **body: Any) -> Case:
    """Apply `verb` through the workflow with the default body, overridden by `body`."""
    return wf.VERBS[verb](case, actor=actor, now=now, **(default_body(verb, case) | body))


def snapshot(case: Case) -> dict[str, Any]:
    """Everything a refused verb must leave as it was, read back from the database."""
    row = Case.objects.get(pk=case.pk)
    return {
        "status": row.status,
        "version": row.version,
        "unit_id": row.unit_id,
        "severity": row.severity,
        "accept_due": row.accept_due,
        "handle_due": row.handle_due,
        "unit_due": row.unit_due,
        "current_due": row.current_due,
        "extension_pending": row.extension_pending,
        "events": CaseEvent.objects.count(),
        "assignments": list(
            Assignment.objects.filter(case=case)
            .order_by("id")
            .values_list("id", "unit_id", "state", "closed_at", "due", "identity_disclosed")
        ),
        "extensions": list(
            ExtensionRequest.objects.filter(case=case)
            .order_by("id")
            .values_list("id", "approved", "decided_at")
        ),
    }


def verbs_of(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("id").values_list("verb", flat=True))
