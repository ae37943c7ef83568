"""Suspend 中止, merge 并案, reopen, withdraw 撤诉, disclose the identity to the unit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext

from tousu.calendar import services as calendar

from .. import deadlines
from ..disclosure import transfer_to_disclose
from ..errors import InvalidInput
from ..models import (
    FINAL_STATUSES,
    Assignment,
    AssignmentState,
    Case,
    CaseEvent,
)
from .machinery import (
    _apply,
    _cancel_pending_extension,
    _check,
    _close_assignment,
    _text,
)
from .table import SAME, S

# --- suspend, merge, reopen, withdraw, disclose ------------------------------------------------


def suspend(case: Case, *, actor: Any, now: datetime, reason: Any) -> Case:
    """中止: the clock stops until `resume`."""
    _check("suspend", case, actor, now)
    return _apply(
        case,
        "suspend",
        actor=actor,
        now=now,
        to=S.SUSPENDED,
        note=_text(reason, "reason"),
        changes={"suspended_from": case.status, "suspended_at": now},
    )


def resume(case: Case, *, actor: Any, now: datetime) -> Case:
    """Back to where it was; every running deadline moves by the working days spent suspended."""
    _check("resume", case, actor, now)
    assert case.suspended_at is not None
    lost = calendar.workdays_between(case.suspended_at, now)
    return _apply(
        case,
        "resume",
        actor=actor,
        now=now,
        to=case.suspended_from,
        changes={
            "suspended_from": "",
            "suspended_at": None,
            "handle_due": deadlines.shift(case.handle_due, lost),
            "unit_due": deadlines.shift(case.unit_due, lost),
        },
        data={"workdays_suspended": lost},
    )


def merge(case: Case, *, actor: Any, now: datetime, into: Any) -> Case:
    """并案: this case continues as part of another (a repeat of the same matter)."""
    _check("merge", case, actor, now)
    if not isinstance(into, int) or isinstance(into, bool):
        raise InvalidInput.one("into", gettext("must be a case id"))
    from ..access import visible_cases  # the target must be one the actor may see

    target = visible_cases(actor).filter(pk=into).first()
    if target is None:
        raise InvalidInput.one("into", gettext("no such case"))
    if target.pk == case.pk:
        raise InvalidInput.one("into", gettext("a case cannot be merged into itself"))
    if target.status in FINAL_STATUSES or target.status == S.CLOSED:
        raise InvalidInput.one("into", gettext("the target case is closed"))

    def side() -> None:
        CaseEvent.objects.create(
            case=target,
            verb="merged_in",
            actor=actor,
            at=now,
            from_status=target.status,
            to_status=target.status,
            data={"case": case.pk, "number": case.number},
        )

    return _apply(
        case,
        "merge",
        actor=actor,
        now=now,
        to=S.MERGED,
        changes={"merged_into_id": target.pk, "closed_at": now},
        data={"into": target.pk, "number": target.number},
        side=side,
    )


def reopen(case: Case, *, actor: Any, now: datetime, reason: Any) -> Case:
    """Reopen a closed case: a refused or withdrawn one waits for acceptance again; a handled one
    waits for dispatch again, with a fresh handling deadline."""
    _check("reopen", case, actor, now)
    why = _text(reason, "reason")
    policy = deadlines.policy_of(case)
    base: dict[str, Any] = {
        "closed_at": None,
        "unit_id": None,
        "unit_due": None,
        "merged_into_id": None,
        "satisfaction": "",
        "dissatisfied_count": 0,
    }
    if case.status in {S.NOT_ACCEPTED, S.REFERRED, S.WITHDRAWN}:
        to = S.REGISTERED
        base |= {
            "accept_due": deadlines.after_workdays(now, policy.accept_days),
            "handle_due": None,
            "accepted_at": None,
            "referred_to": "",
        }
        data = {"accept_days": policy.accept_days}
    else:
        to = S.ACCEPTED
        base |= {"handle_due": deadlines.after_workdays(now, policy.handle_days)}
        data = {"handle_days": policy.handle_days}
    return _apply(case, "reopen", actor=actor, now=now, to=to, note=why, changes=base, data=data)


def withdraw(case: Case, *, actor: Any, now: datetime, reason: Any) -> Case:
    """撤诉: the complainant withdraws; any open transfer is cancelled."""
    _check("withdraw", case, actor, now)
    return _withdrawn(case, actor=actor, now=now, reason=_text(reason, "reason"))


def _withdrawn(
    case: Case, *, actor: Any, now: datetime, reason: str, data: dict[str, Any] | None = None
) -> Case:
    """The withdrawal's write, whoever asked for it (staff recording the complainant's wish, or
    the citizen on the portal: `cases.citizen.withdraw`, its `data`)."""

    def side() -> None:
        # A transfer still awaiting sign-off never reached the unit: closing it as "cancelled"
        # (a state units see) would show the unit a case it was never sent.
        Assignment.objects.filter(case=case, state=AssignmentState.PENDING_APPROVAL).update(
            state=AssignmentState.REJECTED, closed_at=now
        )
        _close_assignment(case, AssignmentState.CANCELLED, now)
        _cancel_pending_extension(case, actor, now, "withdrawn")

    return _apply(
        case,
        "withdraw",
        actor=actor,
        now=now,
        to=S.WITHDRAWN,
        note=reason,
        changes={
            "closed_at": now,
            "extension_pending": False,
            "suspended_from": "",
            "suspended_at": None,
        },
        data=data,
        side=side,
    )


def disclose_identity(case: Case, *, actor: Any, now: datetime, reason: Any) -> Case:
    """Let the unit holding the case see who complained (only where necessary: 非属必需,不得泄露).
    Told to that unit's transfer, not the case: a unit the case goes to later is not told."""
    _check("disclose_identity", case, actor, now)
    why = _text(reason, "reason")
    transfer = transfer_to_disclose(case)
    assert transfer is not None  # _check's READY condition found it
    unit = case.unit.code if case.unit else None
    return _apply(
        case,
        "disclose_identity",
        actor=actor,
        now=now,
        to=SAME,
        note=why,
        data={"unit": unit},
        side=lambda: Assignment.objects.filter(pk=transfer.pk).update(identity_disclosed=True),
    )
