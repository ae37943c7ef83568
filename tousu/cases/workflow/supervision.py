"""Supervision: warning 预警, reminder 催办, escalation 督办 and its answer 督办回复.

None changes the status. `warn` is the system's alone (the supervision pass, `tousu supervise`);
`remind` and `escalate` are the centre's supervisor and leaders' — and the system's, with the
same events, `data.automatic` telling them apart. An escalation is a tracked row (`Escalation`):
at most one is open per case; escalating again raises it to the next level of the ladder
(`cases.escalation`); the unit holding the case answers it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from django.utils.translation import gettext

from tousu.calendar import services as calendar
from tousu.orgs.staff import UnitTree, staff_of, unit_tree

from .. import deadlines
from ..errors import Conflict, InvalidInput, NotAllowed
from ..escalation import Supervision, addressee, first_level, supervision_for, supervision_of
from ..models import Case, Escalation, EscalationLevel, EscalationState
from .machinery import _apply, _check, _text, _write_many
from .table import SAME

MAX_ANSWER_DAYS_AHEAD = 366


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _automatic(actor: Any) -> bool:
    return staff_of(actor).is_system


def _unit_code(unit_id: int | None, codes: Mapping[int, str] | None = None) -> str | None:
    """The unit's code for an event's data; a batch passes the tree's codes it read once."""
    if unit_id is None:
        return None
    return (codes if codes is not None else unit_tree().code).get(unit_id)


def warn(case: Case, *, actor: Any, now: datetime) -> Case:
    """预警: the case entered its warning window (the system tells whoever holds it)."""
    _check("warn", case, actor, now)
    return _apply(case, "warn", actor=actor, now=now, to=SAME, data=_warn_data(case))


def _warn_data(case: Case, codes: Mapping[int, str] | None = None) -> dict[str, Any]:
    return {
        "unit": _unit_code(case.unit_id, codes),
        "due": _iso(case.current_due),
        "automatic": True,
    }


Claim = Callable[[list[Case]], list[Case]]


def warn_many(cases: list[Case], *, actor: Any, now: datetime, claim: Claim) -> list[Case]:
    """`warn` for a batch of cases (the supervision pass): the same events, written together;
    `claim` keeps the cases the caller has not acted on yet. Returns the cases warned."""
    codes = unit_tree().code
    return _write_many(
        cases,
        "warn",
        actor=actor,
        now=now,
        data_of=lambda case: _warn_data(case, codes),
        claim=claim,
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
        data=_remind_data(case, _automatic(actor)),
    )


def _remind_data(
    case: Case, automatic: bool, codes: Mapping[int, str] | None = None
) -> dict[str, Any]:
    return {
        "unit": _unit_code(case.unit_id, codes),
        "due": _iso(case.current_due),
        "automatic": automatic,
    }


def remind_many(cases: list[Case], *, actor: Any, now: datetime, claim: Claim) -> list[Case]:
    """The automatic 催办 of a batch of overdue cases, as `warn_many`."""
    automatic, codes = _automatic(actor), unit_tree().code
    return _write_many(
        cases,
        "remind",
        actor=actor,
        now=now,
        data_of=lambda case: _remind_data(case, automatic, codes),
        claim=claim,
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


@dataclass(frozen=True)
class _Plan:
    """One 督办 to write: its level, addressee and dates."""

    level: int
    answer_due: datetime
    next_level_at: datetime | None
    unit_id: int
    role: str

    def data(
        self, case: Case, automatic: bool, codes: Mapping[int, str] | None = None
    ) -> dict[str, Any]:
        return {
            "level": self.level,
            "to": {"unit": _unit_code(self.unit_id, codes), "role": self.role},
            "answer_due": _iso(self.answer_due),
            "due": _iso(case.current_due),
            "automatic": automatic,
        }

    def row(
        self, case: Case, *, note: str, automatic: bool, actor: Any, now: datetime
    ) -> Escalation:
        return Escalation(
            case=case,
            level=self.level,
            to_unit_id=self.unit_id,
            to_role=self.role,
            note=note,
            due=case.current_due,
            answer_due=self.answer_due,
            next_level_at=self.next_level_at,
            automatic=automatic,
            created_at=now,
            created_by=actor,
        )


def _plan(
    case: Case,
    level: int,
    answer_due: datetime,
    later: Callable[[int], datetime],
    policy: Supervision | None = None,
) -> _Plan:
    """The 督办 of `level` on `case`; `later(n)`: the end of the n-th working day from now. It
    rises by itself after the policy's `next_level_after` days (or at its answer due date, if
    sooner) while the ladder goes higher."""
    policy = policy or supervision_of(case)
    next_level_at = None
    if level < min(policy.levels, EscalationLevel.DIRECTOR):
        next_level_at = min(answer_due, later(policy.next_level_after))
    unit_id, role = addressee(case, level)
    return _Plan(level, answer_due, next_level_at, unit_id, role)


def _next_level(current: Escalation | None, case: Case, tree: UnitTree | None = None) -> int:
    return current.level + 1 if current is not None else first_level(case, tree)


def escalate(
    case: Case, *, actor: Any, now: datetime, note: Any = "", answer_due: Any = None
) -> Case:
    """督办: to the holder's leader; with an escalation open, raise it to the next level
    (unit leader → deputy director → director)."""
    _check("escalate", case, actor, now)
    text = _text(note, "note", required=False)
    current = Escalation.objects.filter(case=case, state=EscalationState.OPEN).first()
    level = _next_level(current, case)
    if level > EscalationLevel.DIRECTOR:
        raise NotAllowed(gettext("the escalation has already reached the director"), case.status)
    plan = _plan(
        case,
        level,
        _answer_due(case, answer_due, now),
        lambda days: deadlines.after_workdays(now, days),
    )
    automatic = _automatic(actor)

    def side() -> None:
        if current is not None:
            _raise_open([current])
        plan.row(case, note=text, automatic=automatic, actor=actor, now=now).save()

    return _apply(
        case,
        "escalate",
        actor=actor,
        now=now,
        to=SAME,
        note=text,
        data=plan.data(case, automatic),
        side=side,
    )


def _raise_open(escalations: list[Escalation]) -> None:
    """Mark the open escalations raised; if one was answered or raised meanwhile, the case's
    guarded update would lose too: Conflict."""
    raised = Escalation.objects.filter(
        pk__in=[e.pk for e in escalations], state=EscalationState.OPEN
    ).update(state=EscalationState.ESCALATED)
    if raised != len(escalations):
        raise Conflict(
            gettext("someone else changed this case first; reload it and try again"),
            status=escalations[0].case.status,
        )


def escalate_many(
    cases: list[Case],
    *,
    actor: Any,
    now: datetime,
    claim: Claim,
    raising: Mapping[int, Escalation] | None = None,
) -> list[Case]:
    """The automatic 督办 of a batch of cases, as `warn_many`: the first level for cases with no
    escalation open, or — `raising`, case id → its open escalation — the next level up. Each
    answer is due after the policy's `answer_days`. A case already at the top is left out."""
    raising = raising or {}
    later = cache(lambda days: deadlines.after_workdays(now, days))
    policy_for = cache(supervision_for)
    automatic, tree = _automatic(actor), unit_tree()
    plans: dict[int, _Plan] = {}
    for case in cases:
        level = _next_level(raising.get(case.pk), case, tree)
        if level <= EscalationLevel.DIRECTOR:
            policy = policy_for(case.kind, case.severity)
            plans[case.pk] = _plan(case, level, later(policy.answer_days), later, policy)

    def side(fresh: list[Case]) -> None:
        if raising:
            _raise_open([raising[case.pk] for case in fresh])
        Escalation.objects.bulk_create(
            plans[case.pk].row(case, note="", automatic=automatic, actor=actor, now=now)
            for case in fresh
        )

    return _write_many(
        [case for case in cases if case.pk in plans],
        "escalate",
        actor=actor,
        now=now,
        data_of=lambda case: plans[case.pk].data(case, automatic, tree.code),
        claim=claim,
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
