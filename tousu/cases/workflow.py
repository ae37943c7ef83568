"""The case workflow: the transition table and one function per verb — the only write path.

Every verb: checks the status (NotAllowed → 409), the actor's right (Forbidden → 403), validates
its input (InvalidInput → 422), then in one transaction does a guarded update
(`filter(pk, status, version).update(...)`: zero rows means someone else acted first → Conflict),
appends a CaseEvent and writes its side rows. Deadlines are recomputed on every transition.
Time is always passed in as `now`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext, gettext_noop

from tousu.calendar import services as calendar
from tousu.orgs.models import CENTRE_KINDS, Unit
from tousu.orgs.staff import staff_of

from . import deadlines
from .errors import Conflict, Forbidden, InvalidInput, NotAllowed
from .models import (
    FINAL_STATUSES,
    LEADER_SIGNOFF_SEVERITIES,
    OPEN_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    Case,
    CaseEvent,
    Channel,
    ExtensionRequest,
    Reason,
    ReasonKind,
    Satisfaction,
    Severity,
    Status,
)
from .rights import may

S = Status
ACTIVE = frozenset(
    {S.ACCEPTED, S.PENDING_APPROVAL, S.DISPATCHED, S.HANDLING, S.RESULT_SUBMITTED, S.REVIEWED}
)


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    targets: frozenset[str]  # where the verb can lead; `same` means the status does not change


def _t(sources: set[str] | frozenset[str], *targets: str) -> Transition:
    return Transition(frozenset(sources), frozenset(targets))


SAME = "same"
# The closed loop: 登记 → 受理/不予受理/转出 → 自办/转办(签批) → 签收/退单 → 办理(延期) → 办结
# → 审核 → 答复 → 回访 → 归档; plus suspend, merge, reopen, withdraw.
TRANSITIONS: dict[str, Transition] = {
    "accept": _t({S.REGISTERED}, S.ACCEPTED),
    "reject": _t({S.REGISTERED}, S.NOT_ACCEPTED),
    "refer": _t({S.REGISTERED, S.ACCEPTED}, S.REFERRED),
    "dispatch": _t({S.ACCEPTED}, S.DISPATCHED, S.PENDING_APPROVAL),
    "self_handle": _t({S.ACCEPTED}, S.HANDLING, S.PENDING_APPROVAL),
    "approve": _t({S.PENDING_APPROVAL}, S.DISPATCHED, S.HANDLING, S.ACCEPTED),
    "sign": _t({S.DISPATCHED}, S.HANDLING),
    "return": _t({S.DISPATCHED, S.HANDLING}, S.ACCEPTED),
    "request_extension": _t({S.HANDLING}, SAME),
    "decide_extension": _t({S.HANDLING}, SAME),
    "submit_result": _t({S.HANDLING}, S.RESULT_SUBMITTED),
    "review": _t({S.RESULT_SUBMITTED}, S.REVIEWED, S.HANDLING),
    "reply": _t({S.REVIEWED}, S.REPLIED),
    "callback": _t({S.REPLIED}, S.CLOSED, S.HANDLING, S.PENDING_DECISION),
    "decide": _t({S.PENDING_DECISION}, S.CLOSED, S.HANDLING),
    "archive": _t({S.CLOSED}, S.ARCHIVED),
    "suspend": _t(ACTIVE, S.SUSPENDED),
    "resume": _t({S.SUSPENDED}, *ACTIVE),
    "merge": _t({S.REGISTERED, S.ACCEPTED}, S.MERGED),
    "reopen": _t(
        {S.NOT_ACCEPTED, S.REFERRED, S.WITHDRAWN, S.CLOSED, S.ARCHIVED}, S.REGISTERED, S.ACCEPTED
    ),
    "withdraw": _t({S.REGISTERED, S.SUSPENDED} | ACTIVE, S.WITHDRAWN),
    "disclose_identity": _t(set(S.values) - FINAL_STATUSES, SAME),
}


# Conditions beyond the status, for verbs that do not change it. The messages are only marked
# for translation here; they are translated when raised, in the language of the request.
READY: dict[str, tuple[Callable[[Case], bool], str]] = {
    "request_extension": (
        lambda c: not c.extension_pending,
        gettext_noop("an extension request is already waiting for a decision"),
    ),
    "decide_extension": (
        lambda c: c.extension_pending,
        gettext_noop("no extension request is waiting for a decision"),
    ),
    "disclose_identity": (
        lambda c: not c.anonymous and not c.identity_disclosed,
        gettext_noop("there is no undisclosed identity (anonymous, or disclosed already)"),
    ),
}


def _ready(verb: str, case: Case) -> bool:
    return case.status in TRANSITIONS[verb].sources and (verb not in READY or READY[verb][0](case))


def available_verbs(user: Any, case: Case, now: datetime) -> list[str]:
    """The verbs this user may apply to this case now (what a UI offers)."""
    staff = staff_of(user)
    return [verb for verb in TRANSITIONS if _ready(verb, case) and may(verb, staff, case, now)]


# --- the machinery every verb shares ---------------------------------------------------------


def _check(verb: str, case: Case, actor: Any, now: datetime) -> None:
    if case.status not in TRANSITIONS[verb].sources:
        raise NotAllowed(
            gettext("'%(verb)s' is not allowed while the case is '%(status)s'")
            % {"verb": verb, "status": case.status},
            status=case.status,
        )
    if not may(verb, staff_of(actor), case, now):
        raise Forbidden(gettext("you may not '%(verb)s' this case") % {"verb": verb})
    if not _ready(verb, case):
        raise NotAllowed(gettext(READY[verb][1]), status=case.status)


def _apply(
    case: Case,
    verb: str,
    *,
    actor: Any,
    now: datetime,
    to: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    side: Callable[[], object] | None = None,
) -> Case:
    """Guarded update + event + side rows, atomically; then mirror the change on `case`."""
    target = case.status if to == SAME else to
    allowed = TRANSITIONS[verb].targets
    assert to in allowed or target in allowed, f"{verb} cannot lead to {target}"
    values = dict(changes or {})
    policy = deadlines.policy_for(
        values.get("kind", case.kind),
        values.get("category_id", case.category_id),
        values.get("severity", case.severity),
    )
    values.update(
        deadlines.tracking_fields(
            target,
            values.get("accept_due", case.accept_due),
            values.get("handle_due", case.handle_due),
            values.get("unit_due", case.unit_due),
            policy,
        )
    )
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, status=case.status, version=case.version).update(
            status=target, version=F("version") + 1, **values
        )
        if updated == 0:
            current = Case.objects.filter(pk=case.pk).values_list("status", flat=True).first()
            raise Conflict(
                gettext("someone else changed this case first; reload it and try again"),
                status=current or case.status,
            )
        CaseEvent.objects.create(
            case=case,
            verb=verb,
            actor=actor,
            at=now,
            from_status=case.status,
            to_status=target,
            note=note,
            data=data or {},
        )
        if side is not None:
            side()
    for field, value in values.items():
        setattr(case, field, value)
    case.status = target
    case.version += 1
    return case


def _text(value: Any, field: str, *, required: bool = True, max_length: int = 2000) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise InvalidInput.one(field, gettext("must be text"))
    if required and not text:
        raise InvalidInput.one(field, gettext("is required"))
    if len(text) > max_length:
        raise InvalidInput.one(
            field, gettext("is longer than %(limit)s characters") % {"limit": max_length}
        )
    return text


def _one_of(names: list[str]) -> str:
    """The message for a value outside a fixed list of API names (the names stay untranslated)."""
    return gettext("must be one of %(choices)s") % {"choices": ", ".join(names)}


def _reason(kind: ReasonKind, value: Any, field: str = "reason") -> tuple[str, str]:
    """A reason from the admin-editable list (by code or text), or free text as 'other'."""
    text = _text(value, field, max_length=500)
    match = (
        Reason.objects.filter(kind=kind, is_active=True, code=text).first()
        or Reason.objects.filter(kind=kind, is_active=True, text=text).first()
    )
    if match is not None:
        return match.code, match.text
    return "other", text


def _open_assignment(case: Case) -> Assignment | None:
    return Assignment.objects.filter(case=case, state__in=OPEN_ASSIGNMENT_STATES).first()


def _close_assignment(case: Case, state: AssignmentState, now: datetime) -> None:
    Assignment.objects.filter(case=case, state__in=OPEN_ASSIGNMENT_STATES).update(
        state=state, closed_at=now
    )


def _cancel_pending_extension(case: Case, actor: Any, now: datetime, note: str) -> None:
    ExtensionRequest.objects.filter(case=case, decided_at__isnull=True).update(
        approved=False, decided_by=actor, decided_at=now, note=note
    )


def _fresh_unit_due(case: Case, now: datetime) -> datetime:
    return deadlines.after_workdays(now, deadlines.policy_of(case).unit_days)


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
        data={"severity": confirmed},
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
    return deadlines.end_of_day(due)


def dispatch(
    case: Case, *, actor: Any, now: datetime, unit: Any, due: date | None = None, note: str = ""
) -> Case:
    """转办/交办 to a handling unit, with its own due date (the seeds: 7 days unless set).
    Where a leader must sign off, the case waits for `approve` and the unit cannot see it."""
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
        data={"unit": target.code, "due": unit_due.isoformat(), "needs_signoff": waits},
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
        data={"needs_signoff": waits},
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
    return _apply(
        case,
        "approve",
        actor=actor,
        now=now,
        to=S.HANDLING if pending.self_handled else S.DISPATCHED,
        note=text,
        data={"approve": True},
        side=lambda: Assignment.objects.filter(pk=pending.pk).update(state=state),
    )


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
    request = ExtensionRequest.objects.get(case=case, decided_at__isnull=True)
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
        data={"justified": justified, "valid": valid},
        side=side,
    )


# --- the centre closes the loop: review, reply, callback, archive ------------------------------


def _rework(case: Case, now: datetime) -> dict[str, Any]:
    """Back to the same unit for another try 重办, with a fresh period of the unit's days."""
    return {"rework_count": case.rework_count + 1, "unit_due": _fresh_unit_due(case, now)}


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
        data={"approve": False},
        side=lambda: _rework_assignment(case, rework["unit_due"]),
    )


def reply(case: Case, *, actor: Any, now: datetime, content: Any, channel: Any) -> Case:
    """答复 to the complainant."""
    _check("reply", case, actor, now)
    text = _text(content, "content", max_length=20000)
    if channel not in Channel.values:
        raise InvalidInput.one("channel", _one_of(Channel.values))
    return _apply(
        case,
        "reply",
        actor=actor,
        now=now,
        to=S.REPLIED,
        changes={"reply": text, "reply_channel": channel},
        data={"channel": channel},
    )


def _rework_assignment(case: Case, due: datetime) -> None:
    """Rework goes back to the unit that last held the case, with the unit's fresh due date on
    its transfer too (the unit's list and the transfer letter read the transfer's own date)."""
    if case.unit_id is None:
        return
    last = Assignment.objects.filter(case=case, unit_id=case.unit_id).order_by("-id").first()
    if last is None:
        return
    fields: dict[str, Any] = {"due": due}
    if last.state not in OPEN_ASSIGNMENT_STATES:
        fields |= {"state": AssignmentState.ACTIVE, "closed_at": None}
    Assignment.objects.filter(pk=last.pk).update(**fields)


def callback(case: Case, *, actor: Any, now: datetime, satisfaction: Any, note: str = "") -> Case:
    """回访. Dissatisfied the first time: handled again once; the second time the leader decides."""
    _check("callback", case, actor, now)
    if satisfaction not in Satisfaction.values:
        raise InvalidInput.one("satisfaction", _one_of(Satisfaction.values))
    text = _text(note, "note", required=False)
    changes: dict[str, Any] = {"satisfaction": satisfaction}
    side = None
    if satisfaction != Satisfaction.DISSATISFIED:
        to = S.CLOSED
        changes["closed_at"] = now
    elif case.dissatisfied_count == 0 and case.unit_id is not None:
        to = S.HANDLING
        rework = _rework(case, now)
        changes |= rework | {"dissatisfied_count": 1}
        side = lambda: _rework_assignment(case, rework["unit_due"])  # noqa: E731
    else:
        to = S.PENDING_DECISION
        changes["dissatisfied_count"] = case.dissatisfied_count + 1
    return _apply(
        case,
        "callback",
        actor=actor,
        now=now,
        to=to,
        note=text,
        changes=changes,
        data={"satisfaction": satisfaction},
        side=side,
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
            data={"rehandle": True},
            side=lambda: _rework_assignment(case, rework["unit_due"]),
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
    cal = calendar.get_calendar()
    lost = cal.workdays_between(calendar.local_date(case.suspended_at), calendar.local_date(now))
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
    from .access import visible_cases  # the target must be one the actor may see

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
    else:
        to = S.ACCEPTED
        base |= {"handle_due": deadlines.after_workdays(now, policy.handle_days)}
    return _apply(case, "reopen", actor=actor, now=now, to=to, note=why, changes=base)


def withdraw(case: Case, *, actor: Any, now: datetime, reason: Any) -> Case:
    """撤诉: the complainant withdraws; any open transfer is cancelled."""
    _check("withdraw", case, actor, now)

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
        note=_text(reason, "reason"),
        changes={
            "closed_at": now,
            "extension_pending": False,
            "suspended_from": "",
            "suspended_at": None,
        },
        side=side,
    )


def disclose_identity(case: Case, *, actor: Any, now: datetime, reason: Any) -> Case:
    """Let the handling unit see who complained (only where necessary: 非属必需,不得泄露)."""
    _check("disclose_identity", case, actor, now)
    return _apply(
        case,
        "disclose_identity",
        actor=actor,
        now=now,
        to=SAME,
        note=_text(reason, "reason"),
        changes={"identity_disclosed": True},
    )


VERBS: dict[str, Callable[..., Case]] = {
    "accept": accept,
    "reject": reject,
    "refer": refer,
    "dispatch": dispatch,
    "self_handle": self_handle,
    "approve": approve,
    "sign": sign,
    "return": return_case,
    "request_extension": request_extension,
    "decide_extension": decide_extension,
    "submit_result": submit_result,
    "review": review,
    "reply": reply,
    "callback": callback,
    "decide": decide,
    "archive": archive,
    "suspend": suspend,
    "resume": resume,
    "merge": merge,
    "reopen": reopen,
    "withdraw": withdraw,
    "disclose_identity": disclose_identity,
}
assert set(VERBS) == set(TRANSITIONS), "every verb needs a transition row and a function"
