"""受理: accept, not accept, refer out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .. import deadlines
from ..errors import InvalidInput
from ..models import (
    Case,
    ReasonKind,
    Severity,
)
from .machinery import (
    _apply,
    _check,
    _one_of,
    _reason,
    _text,
)
from .table import S

# --- 受理: accept, not accept, refer out -------------------------------------------------------


def accept(
    case: Case, *, actor: Any, now: datetime, severity: str | None = None, note: str = ""
) -> Case:
    """受理. Confirms the severity (the suggested one unless the clerk chooses another) and starts
    the handling deadline from the policy for the case's kind."""
    _check("accept", case, actor, now)
    if severity is not None and severity not in Severity.values:
        raise InvalidInput.one("severity", _one_of(Severity.values))
    confirmed = severity or case.severity
    policy = deadlines.policy_for(case.kind, case.category_id, confirmed)
    # handle_days on the event: a replay on a corrected calendar uses the period used then.
    return _apply(
        case,
        "accept",
        actor=actor,
        now=now,
        to=S.ACCEPTED,
        note=_text(note, "note", required=False),
        changes={
            "severity": confirmed,
            "severity_confirmed": True,
            "accepted_at": now,
            "handle_due": deadlines.after_workdays(now, policy.handle_days),
        },
        data={"severity": confirmed, "handle_days": policy.handle_days},
    )


def reject(case: Case, *, actor: Any, now: datetime, reason: Any) -> Case:
    """不予受理, with a reason from the list the administrators keep."""
    _check("reject", case, actor, now)
    code, text = _reason(ReasonKind.NOT_ACCEPTED, reason)
    return _apply(
        case,
        "reject",
        actor=actor,
        now=now,
        to=S.NOT_ACCEPTED,
        note=text,
        changes={"closed_at": now},
        data={"reason_code": code},
    )


def refer(case: Case, *, actor: Any, now: datetime, to: Any, reason: Any) -> Case:
    """Out of scope: referred to the authority that can handle it (引导到有处理权的机关)."""
    _check("refer", case, actor, now)
    authority = _text(to, "to", max_length=200)
    why = _text(reason, "reason")
    return _apply(
        case,
        "refer",
        actor=actor,
        now=now,
        to=S.REFERRED,
        note=why,
        changes={"referred_to": authority, "closed_at": now},
        data={"to": authority},
    )
