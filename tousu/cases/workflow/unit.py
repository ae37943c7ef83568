"""The unit: sign for 签收, return 退单, extension 延期, result 办结反馈."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext

from .. import deadlines
from ..errors import Conflict, InvalidInput
from ..models import (
    Assignment,
    AssignmentState,
    Case,
    ExtensionRequest,
    ReasonKind,
)
from .machinery import (
    _apply,
    _cancel_pending_extension,
    _check,
    _close_assignment,
    _reason,
    _text,
)
from .table import SAME, S

# --- the unit: sign for, return, extension, result ---------------------------------------------


def sign(case: Case, *, actor: Any, now: datetime) -> Case:
    """签收 by the unit."""
    _check("sign", case, actor, now)
    return _apply(
        case,
        "sign",
        actor=actor,
        now=now,
        to=S.HANDLING,
        side=lambda: Assignment.objects.filter(
            case=case, state=AssignmentState.AWAITING_SIGN
        ).update(state=AssignmentState.ACTIVE),
    )


def return_case(case: Case, *, actor: Any, now: datetime, reason: Any) -> Case:
    """退单: the unit sends the case back (not ours, wrong address…) for dispatch elsewhere."""
    _check("return", case, actor, now)
    code, text = _reason(ReasonKind.RETURN, reason)

    def side() -> None:
        _close_assignment(case, AssignmentState.RETURNED, now)
        _cancel_pending_extension(case, actor, now, "returned")

    return _apply(
        case,
        "return",
        actor=actor,
        now=now,
        to=S.ACCEPTED,
        note=text,
        changes={"unit_id": None, "unit_due": None, "extension_pending": False},
        data={"reason_code": code, "unit": case.unit.code if case.unit else None},
        side=side,
    )


MAX_EXTENSION_DAYS = 60


def request_extension(case: Case, *, actor: Any, now: datetime, days: Any, reason: Any) -> Case:
    """延期申请 by the unit; the centre's leader decides."""
    _check("request_extension", case, actor, now)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise InvalidInput.one(
            "days",
            gettext("must be a whole number from 1 to %(max)s") % {"max": MAX_EXTENSION_DAYS},
        )
    why = _text(reason, "reason")
    return _apply(
        case,
        "request_extension",
        actor=actor,
        now=now,
        to=SAME,
        note=why,
        changes={"extension_pending": True},
        data={"days": days},
        side=lambda: ExtensionRequest.objects.create(
            case=case, days=days, reason=why, requested_by=actor, requested_at=now
        ),
    )


def decide_extension(
    case: Case, *, actor: Any, now: datetime, approve: Any, note: str = ""
) -> Case:
    """Approve or refuse the pending extension; approval moves both deadlines by its days."""
    _check("decide_extension", case, actor, now)
    if not isinstance(approve, bool):
        raise InvalidInput.one("approve", gettext("must be true or false"))
    request = ExtensionRequest.objects.filter(case=case, decided_at__isnull=True).first()
    if request is None:  # decided meanwhile by someone else: the guarded update would lose too
        current = Case.objects.filter(pk=case.pk).values_list("status", flat=True).first()
        raise Conflict(
            gettext("someone else changed this case first; reload it and try again"),
            status=current or case.status,
        )
    changes: dict[str, Any] = {"extension_pending": False}
    if approve:
        changes["handle_due"] = deadlines.shift(case.handle_due, request.days)
        changes["unit_due"] = deadlines.shift(case.unit_due, request.days)
    text = _text(note, "note", required=False)
    return _apply(
        case,
        "decide_extension",
        actor=actor,
        now=now,
        to=SAME,
        note=text,
        changes=changes,
        data={"approve": approve, "days": request.days},
        side=lambda: ExtensionRequest.objects.filter(pk=request.pk).update(
            approved=approve, decided_by=actor, decided_at=now, note=text
        ),
    )


def submit_result(
    case: Case,
    *,
    actor: Any,
    now: datetime,
    result: Any,
    justified: bool | None = None,
    valid: bool | None = None,
) -> Case:
    """办结反馈: the unit's result and its verdict (有理/无理, 有效/无效)."""
    _check("submit_result", case, actor, now)
    text = _text(result, "result", max_length=20000)
    for name, value in (("justified", justified), ("valid", valid)):
        if value is not None and not isinstance(value, bool):
            raise InvalidInput.one(name, gettext("must be true, false or null"))

    def side() -> None:
        _cancel_pending_extension(case, actor, now, "result submitted")

    return _apply(
        case,
        "submit_result",
        actor=actor,
        now=now,
        to=S.RESULT_SUBMITTED,
        changes={
            "result": text,
            "justified": justified,
            "valid": valid,
            "extension_pending": False,
        },
        data={
            "result": text,
            "unit": case.unit.code if case.unit is not None else None,
            "justified": justified,
            "valid": valid,
            # The unit's deadline as it stood (extensions and suspensions included) and whether
            # the result came in time: statistics count 按时办结 from this, never recomputing it.
            "unit_due": case.unit_due.isoformat() if case.unit_due else None,
            "on_time": case.unit_due is not None and now <= case.unit_due,
        },
        side=side,
    )
