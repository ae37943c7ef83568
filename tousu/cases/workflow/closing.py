"""The centre closes the loop: review 审核, reply 答复, callback 回访, the leader's decision after
a second dissatisfied callback, archive 归档."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from .. import deadlines
from ..errors import InvalidInput
from ..models import (
    OPEN_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    Case,
    Channel,
    Satisfaction,
)
from .machinery import (
    _apply,
    _check,
    _close_assignment,
    _fresh_unit_due,
    _one_of,
    _text,
)
from .table import SAME, S

# --- the centre closes the loop: review, reply, callback, archive ------------------------------


def _rework(case: Case, now: datetime) -> dict[str, Any]:
    """Back to the same unit for another try 重办, with a fresh period of the unit's days."""
    return {"rework_count": case.rework_count + 1, "unit_due": _fresh_unit_due(case, now)}


def _rework_data(case: Case) -> dict[str, Any]:
    """What a replay needs to give the rework its fresh period again."""
    return {"unit_days": deadlines.policy_of(case).unit_days}


def review(case: Case, *, actor: Any, now: datetime, approve: Any, note: str = "") -> Case:
    """审核 of the result; refused → back to the unit 退回重办. Important cases: director."""
    _check("review", case, actor, now)
    if not isinstance(approve, bool):
        raise InvalidInput.one("approve", gettext("must be true or false"))
    text = _text(note, "note", required=not approve)
    if approve:
        return _apply(
            case,
            "review",
            actor=actor,
            now=now,
            to=S.REVIEWED,
            note=text,
            data={"approve": True},
            side=lambda: _close_assignment(case, AssignmentState.DONE, now),
        )
    rework = _rework(case, now)
    return _apply(
        case,
        "review",
        actor=actor,
        now=now,
        to=S.HANDLING,
        note=text,
        changes=rework,
        data={"approve": False} | _rework_data(case),
        side=lambda: _rework_assignment(case),
    )


def reply(case: Case, *, actor: Any, now: datetime, content: Any, channel: Any) -> Case:
    """答复 to the complainant; the callback 回访 falls due the policy's working days later."""
    _check("reply", case, actor, now)
    text = _text(content, "content", max_length=20000)
    if channel not in Channel.values:
        raise InvalidInput.one("channel", _one_of(Channel.values))
    days = deadlines.policy_of(case).callback_days
    return _apply(
        case,
        "reply",
        actor=actor,
        now=now,
        to=S.REPLIED,
        changes={
            "reply": text,
            "reply_channel": channel,
            "callback_due": deadlines.after_workdays(now, days),
            "callback_attempts": 0,
        },
        data={"content": text, "channel": channel, "callback_days": days},
    )


def _rework_assignment(case: Case) -> None:
    """Rework goes back to the unit that last held the case: its transfer is open again (and
    `_write` gives it the fresh due date, as for every change of `unit_due`)."""
    if case.unit_id is None:
        return
    last = Assignment.objects.filter(case=case, unit_id=case.unit_id).order_by("-id").first()
    if last is None or last.state in OPEN_ASSIGNMENT_STATES:
        return
    Assignment.objects.filter(pk=last.pk).update(state=AssignmentState.ACTIVE, closed_at=None)


def callback(case: Case, *, actor: Any, now: datetime, satisfaction: Any, note: str = "") -> Case:
    """回访. Dissatisfied the first time: handled again once; the second time the leader decides.
    Unreachable: tried again the next working day, and closed as unreachable after
    `CALLBACK_MAX_ATTEMPTS` attempts."""
    _check("callback", case, actor, now)
    if satisfaction not in Satisfaction.values:
        raise InvalidInput.one("satisfaction", _one_of(Satisfaction.values))
    text = _text(note, "note", required=False)
    if satisfaction == Satisfaction.UNREACHABLE:
        return _unreachable(case, actor=actor, now=now, note=text)
    return _rated(case, actor=actor, now=now, satisfaction=satisfaction, note=text)


def _rated(
    case: Case,
    *,
    actor: Any,
    now: datetime,
    satisfaction: str,
    note: str,
    data: dict[str, Any] | None = None,
) -> Case:
    """The complainant answered how satisfied they are: the callback's outcome, whoever asked
    (staff on the phone, or the citizen on the portal: `cases.citizen.rate`, its `data`)."""
    changes: dict[str, Any] = {"satisfaction": satisfaction}
    side = None
    if satisfaction != Satisfaction.DISSATISFIED:
        to = S.CLOSED
        changes["closed_at"] = now
    elif case.dissatisfied_count == 0 and case.unit_id is not None:
        to = S.HANDLING
        rework = _rework(case, now)
        changes |= rework | {"dissatisfied_count": 1}
        side = lambda: _rework_assignment(case)  # noqa: E731
    else:
        to = S.PENDING_DECISION
        changes["dissatisfied_count"] = case.dissatisfied_count + 1
    return _apply(
        case,
        "callback",
        actor=actor,
        now=now,
        to=to,
        note=note,
        changes=changes,
        data=(data or {})
        | {"satisfaction": satisfaction}
        | (_rework_data(case) if to == S.HANDLING else {}),
        side=side,
    )


def _unreachable(case: Case, *, actor: Any, now: datetime, note: str) -> Case:
    """One attempt that could not reach the complainant 联系不上: the case stays replied with the
    callback due again the next working day, until the last attempt closes it as unreachable."""
    attempt = case.callback_attempts + 1
    data = {"satisfaction": Satisfaction.UNREACHABLE.value, "attempt": attempt}
    if attempt < settings.CALLBACK_MAX_ATTEMPTS:
        changes = {"callback_attempts": attempt, "callback_due": deadlines.after_workdays(now, 1)}
        to = S.REPLIED
    else:
        changes = {
            "callback_attempts": attempt,
            "satisfaction": Satisfaction.UNREACHABLE,
            "closed_at": now,
        }
        to = S.CLOSED
    return _apply(
        case, "callback", actor=actor, now=now, to=to, note=note, changes=changes, data=data
    )


def decide(case: Case, *, actor: Any, now: datetime, rehandle: Any, note: Any) -> Case:
    """The leader's decision after a second dissatisfied callback: close, or handle once more."""
    _check("decide", case, actor, now)
    if not isinstance(rehandle, bool):
        raise InvalidInput.one("rehandle", gettext("must be true or false"))
    text = _text(note, "note")
    if rehandle and case.unit_id is not None:
        rework = _rework(case, now)
        return _apply(
            case,
            "decide",
            actor=actor,
            now=now,
            to=S.HANDLING,
            note=text,
            changes=rework,
            data={"rehandle": True} | _rework_data(case),
            side=lambda: _rework_assignment(case),
        )
    return _apply(
        case,
        "decide",
        actor=actor,
        now=now,
        to=S.CLOSED,
        note=text,
        changes={"closed_at": now},
        data={"rehandle": False},
    )


def archive(case: Case, *, actor: Any, now: datetime) -> Case:
    """归档."""
    _check("archive", case, actor, now)
    return _apply(case, "archive", actor=actor, now=now, to=S.ARCHIVED)


# --- 回访抽查: the quality re-check of a few closed cases -----------------------------------------


def draw_for_recheck(case: Case, *, actor: Any, now: datetime) -> Case:
    """The case was drawn at random for a quality re-check (the system's daily draw,
    `cases.recheck.draw`); the status does not change."""
    _check("draw_for_recheck", case, actor, now)
    return _apply(
        case,
        "draw_for_recheck",
        actor=actor,
        now=now,
        to=SAME,
        changes={"recheck_drawn_at": now},
        data={"automatic": True},
    )


def recheck(case: Case, *, actor: Any, now: datetime, satisfaction: Any, note: Any = "") -> Case:
    """The re-check of a drawn case: the complainant asked again how satisfied they are."""
    _check("recheck", case, actor, now)
    if satisfaction not in Satisfaction.values:
        raise InvalidInput.one("satisfaction", _one_of(Satisfaction.values))
    text = _text(note, "note", required=False)
    return _apply(
        case,
        "recheck",
        actor=actor,
        now=now,
        to=SAME,
        note=text,
        changes={"rechecked_at": now},
        data={"satisfaction": satisfaction},
    )
