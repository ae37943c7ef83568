"""转办 / 自办 and the leader's sign-off 签批."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext

from tousu.calendar import services as calendar
from tousu.orgs.models import CENTRE_KINDS, Unit

from .. import deadlines
from ..errors import InvalidInput, NotAllowed
from ..models import (
    LEADER_SIGNOFF_SEVERITIES,
    Assignment,
    AssignmentState,
    Case,
    CaseEvent,
)
from .machinery import (
    _apply,
    _check,
    _close_assignment,
    _fresh_unit_due,
    _open_assignment,
    _text,
)
from .table import S

# --- 转办 / 自办 and the leader's sign-off ------------------------------------------------------


def _needs_signoff(case: Case) -> bool:
    return (
        case.severity in LEADER_SIGNOFF_SEVERITIES
        or deadlines.policy_of(case).dispatch_needs_signoff
    )


MAX_DUE_DAYS_AHEAD = 366


def _unit_due(case: Case, due: date | None, now: datetime) -> datetime:
    if due is None:
        return _fresh_unit_due(case, now)
    today = calendar.local_date(now)
    if due < today:
        raise InvalidInput.one("due", gettext("must not be in the past"))
    if (due - today).days > MAX_DUE_DAYS_AHEAD:
        raise InvalidInput.one(
            "due", gettext("must be within %(days)s days") % {"days": MAX_DUE_DAYS_AHEAD}
        )
    if not calendar.get_calendar().is_workday(due):
        raise InvalidInput.one("due", gettext("is not a working day"))
    return deadlines.end_of_day(due)


def dispatch(
    case: Case, *, actor: Any, now: datetime, unit: Any, due: date | None = None, note: str = ""
) -> Case:
    """转办/交办 to a handling unit, with its own due date (7 days unless set: 第十八条(二) of
    《县机关效能投诉中心工作规则》). Where a leader must sign off, the case waits for `approve`
    and the unit cannot see it."""
    _check("dispatch", case, actor, now)
    target = (
        Unit.objects.filter(code=unit, is_active=True).first() if isinstance(unit, str) else None
    )
    if target is None:
        raise InvalidInput.one("unit", gettext("no active unit has this code"))
    if target.kind in CENTRE_KINDS:
        raise InvalidInput.one("unit", gettext("is not a handling unit; use self_handle"))
    unit_due = _unit_due(case, due, now)
    instructions = _text(note, "note", required=False)
    waits = _needs_signoff(case)
    state = AssignmentState.PENDING_APPROVAL if waits else AssignmentState.AWAITING_SIGN

    def side() -> None:
        Assignment.objects.create(
            case=case,
            unit=target,
            state=state,
            due=unit_due,
            note=instructions,
            created_at=now,
            created_by=actor,
        )

    return _apply(
        case,
        "dispatch",
        actor=actor,
        now=now,
        to=S.PENDING_APPROVAL if waits else S.DISPATCHED,
        note=instructions,
        changes={"unit_id": target.pk, "unit_due": unit_due},
        data={
            "unit": target.code,
            "due": unit_due.isoformat(),
            "due_chosen": due is not None,
            "unit_days": deadlines.policy_of(case).unit_days,
            "needs_signoff": waits,
        },
        side=side,
    )


def self_handle(case: Case, *, actor: Any, now: datetime, note: str = "") -> Case:
    """自办: the centre handles the case itself (after sign-off where that is required)."""
    _check("self_handle", case, actor, now)
    waits = _needs_signoff(case)
    unit_due = _fresh_unit_due(case, now)
    state = AssignmentState.PENDING_APPROVAL if waits else AssignmentState.ACTIVE

    def side() -> None:
        Assignment.objects.create(
            case=case,
            unit_id=case.centre_id,
            state=state,
            self_handled=True,
            due=unit_due,
            created_at=now,
            created_by=actor,
        )

    return _apply(
        case,
        "self_handle",
        actor=actor,
        now=now,
        to=S.PENDING_APPROVAL if waits else S.HANDLING,
        note=_text(note, "note", required=False),
        changes={"unit_id": case.centre_id, "unit_due": unit_due},
        data={"needs_signoff": waits, "unit_days": deadlines.policy_of(case).unit_days},
        side=side,
    )


def approve(case: Case, *, actor: Any, now: datetime, approve: Any, note: str = "") -> Case:
    """签批 of a pending transfer or self-handling; refused → back to dispatch."""
    _check("approve", case, actor, now)
    if not isinstance(approve, bool):
        raise InvalidInput.one("approve", gettext("must be true or false"))
    pending = _open_assignment(case)
    if pending is None:  # the table guarantees one; a missing row is a data error, not input
        raise NotAllowed(gettext("no transfer awaits sign-off"), status=case.status)
    text = _text(note, "note", required=not approve)
    if not approve:
        return _apply(
            case,
            "approve",
            actor=actor,
            now=now,
            to=S.ACCEPTED,
            note=text,
            changes={"unit_id": None, "unit_due": None},
            data={"approve": False},
            side=lambda: _close_assignment(case, AssignmentState.REJECTED, now),
        )
    state = AssignmentState.ACTIVE if pending.self_handled else AssignmentState.AWAITING_SIGN
    changes: dict[str, Any] = {}
    data: dict[str, Any] = {"approve": True}
    if _clock_starts_at_signoff(case):
        days = deadlines.policy_of(case).unit_days
        changes["unit_due"] = deadlines.after_workdays(now, days)
        data["unit_days"] = days
    return _apply(
        case,
        "approve",
        actor=actor,
        now=now,
        to=S.HANDLING if pending.self_handled else S.DISPATCHED,
        note=text,
        changes=changes,
        data=data,
        side=lambda: Assignment.objects.filter(pk=pending.pk).update(state=state),
    )


def _clock_starts_at_signoff(case: Case) -> bool:
    """The unit's clock starts when the transfer reaches the unit: a period from the policy is
    counted again from the sign-off; a date the dispatcher chose stays as chosen.

    A dispatch or self-handling recorded before events said so (no `unit_days`) keeps the date
    it had, as it did when it was made.
    """
    row = (
        CaseEvent.objects.filter(case=case, verb__in=("dispatch", "self_handle"))
        .order_by("-id")
        .values_list("data", flat=True)
        .first()
    )
    return isinstance(row, dict) and "unit_days" in row and not row.get("due_chosen", False)
