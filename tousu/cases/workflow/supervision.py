"""Supervision: warning 预警, reminder 催办, escalation 督办 and its answer 督办回复.

None changes the status. `warn` is the system's alone (the supervision pass, `tousu supervise`);
`remind` and `escalate` are the centre's supervisor and leaders' — and the system's, with the
same events, `data.automatic` telling them apart. An escalation is a tracked row (`Escalation`):
at most one is open per case; escalating again raises it to the next level of the ladder
(`cases.escalation`); the unit holding the case answers it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext

from tousu.calendar import services as calendar
from tousu.orgs.staff import staff_of, unit_tree

from .. import deadlines
from ..errors import Conflict, InvalidInput, NotAllowed
from ..escalation import addressee, first_level, supervision_of
from ..models import Case, Escalation, EscalationLevel, EscalationState
from .machinery import _apply, _check, _text
from .table import SAME

MAX_ANSWER_DAYS_AHEAD = 366


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _automatic(actor: Any) -> bool:
    return staff_of(actor).is_system


def _unit_code(unit_id: int | None) -> str | None:
    return unit_tree().code.get(unit_id) if unit_id is not None else None


def warn(case: Case, *, actor: Any, now: datetime) -> Case:
    """预警: the case entered its warning window (the system tells whoever holds it)."""
    _check("warn", case, actor, now)
    return _apply(
        case,
        "warn",
        actor=actor,
        now=now,
        to=SAME,
        data={"unit": _unit_code(case.unit_id), "due": _iso(case.current_due), "automatic": True},
    )


def remind(case: Case, *, actor: Any, now: datetime, note: Any = "") -> Case:
    """催办: press whoever holds the case (the unit, or the centre's own staff)."""
    _check("remind", case, actor, now)
    text = _text(note, "note", required=False)
    return _apply(
        case,
        "remind",
        actor=actor,
        now=now,
        to=SAME,
        note=text,
        data={
            "unit": _unit_code(case.unit_id),
            "due": _iso(case.current_due),
            "automatic": _automatic(actor),
        },
    )


def _answer_due(case: Case, answer_due: Any, now: datetime) -> datetime:
    """The end of the given working day, else of the policy's `answer_days`-th working day."""
    if answer_due is None:
        return deadlines.after_workdays(now, supervision_of(case).answer_days)
    if not isinstance(answer_due, date) or isinstance(answer_due, datetime):
        raise InvalidInput.one("answer_due", gettext("must be a date (YYYY-MM-DD) or null"))
    today = calendar.local_date(now)
    if answer_due < today:
        raise InvalidInput.one("answer_due", gettext("must not be in the past"))
    if (answer_due - today).days > MAX_ANSWER_DAYS_AHEAD:
        raise InvalidInput.one(
            "answer_due",
            gettext("must be within %(days)s days") % {"days": MAX_ANSWER_DAYS_AHEAD},
        )
    if not calendar.get_calendar().is_workday(answer_due):
        raise InvalidInput.one("answer_due", gettext("is not a working day"))
    return deadlines.end_of_day(answer_due)


def escalate(
    case: Case, *, actor: Any, now: datetime, note: Any = "", answer_due: Any = None
) -> Case:
    """督办: to the holder's leader; with an escalation open, raise it to the next level
    (unit leader → deputy director → director)."""
    _check("escalate", case, actor, now)
    text = _text(note, "note", required=False)
    current = Escalation.objects.filter(case=case, state=EscalationState.OPEN).first()
    level = current.level + 1 if current is not None else first_level(case)
    if level > EscalationLevel.DIRECTOR:
        raise NotAllowed(gettext("the escalation has already reached the director"), case.status)
    due = _answer_due(case, answer_due, now)
    policy = supervision_of(case)
    next_level_at = None
    if level < min(policy.levels, EscalationLevel.DIRECTOR):
        next_level_at = min(due, deadlines.after_workdays(now, policy.next_level_after))
    unit_id, role = addressee(case, level)
    automatic = _automatic(actor)

    def side() -> None:
        if current is not None:
            raised = Escalation.objects.filter(pk=current.pk, state=EscalationState.OPEN).update(
                state=EscalationState.ESCALATED
            )
            if raised == 0:  # answered or raised meanwhile: the guarded update would lose too
                raise Conflict(
                    gettext("someone else changed this case first; reload it and try again"),
                    status=case.status,
                )
        Escalation.objects.create(
            case=case,
            level=level,
            to_unit_id=unit_id,
            to_role=role,
            note=text,
            due=case.current_due,
            answer_due=due,
            next_level_at=next_level_at,
            automatic=automatic,
            created_at=now,
            created_by=actor,
        )

    return _apply(
        case,
        "escalate",
        actor=actor,
        now=now,
        to=SAME,
        note=text,
        data={
            "level": level,
            "to": {"unit": _unit_code(unit_id), "role": role},
            "answer_due": _iso(due),
            "due": _iso(case.current_due),
            "automatic": automatic,
        },
        side=side,
    )


def answer_escalation(case: Case, *, actor: Any, now: datetime, note: Any) -> Case:
    """督办回复: the unit holding the case answers the open escalation; it stops rising."""
    _check("answer_escalation", case, actor, now)
    text = _text(note, "note")
    current = Escalation.objects.filter(case=case, state=EscalationState.OPEN).first()
    if current is None:  # answered or raised meanwhile
        raise Conflict(
            gettext("someone else changed this case first; reload it and try again"),
            status=case.status,
        )

    def side() -> None:
        answered = Escalation.objects.filter(pk=current.pk, state=EscalationState.OPEN).update(
            state=EscalationState.ANSWERED, answer=text, answered_at=now, answered_by=actor
        )
        if answered == 0:
            raise Conflict(
                gettext("someone else changed this case first; reload it and try again"),
                status=case.status,
            )

    return _apply(
        case,
        "answer_escalation",
        actor=actor,
        now=now,
        to=SAME,
        note=text,
        data={
            "level": current.level,
            "to": {"unit": _unit_code(current.to_unit_id), "role": current.to_role},
            "automatic": False,
        },
        side=side,
    )
