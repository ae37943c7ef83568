"""Recompute deadlines after the working-day calendar changed (a published year, an override).

A deadline that fell in a year the calendar did not know was counted on the weekday fallback
(provisional). Once the administrator publishes the year or corrects a day, every open case whose
deadlines reach that day is *replayed*: its deadline-relevant events, in order, on the calendar as
it is now — so the result is what the workflow would have computed had the calendar been known.
A case whose deadlines come out different gets them through `workflow.correct_deadlines` (the
guarded update, a `recompute_deadlines` event with the old and new values, the transfer's due
date kept in step); its status never changes.

What the replay reads from each event (see `workflow`): the periods used (`accept_days`,
`handle_days`, `unit_days`, `callback_days`) and whether a dispatch date was the dispatcher's
choice (`due_chosen`). The callback's date 回访 is replayed too — from the reply, and from each
attempt that could not reach the complainant (due again the next working day) — for a case
waiting for its callback (replied); other cases keep theirs as it is, it no longer counts for
them. Events written before they said so fall back as follows:
- a period missing from an event is taken from the case's policy as it is now;
- a dispatch without `due_chosen` keeps its date (as if chosen): a date someone may have picked
  never moves silently;
- a sign-off (`approve`) without `unit_days` keeps the dispatch's date, as the workflow did then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.db.models import Q

from tousu.calendar import services as calendar

from . import deadlines, workflow
from .errors import Conflict
from .models import FINAL_STATUSES, Case, CaseEvent, Status

CHUNK = 500
DUE_FIELDS = ("accept_due", "handle_due", "unit_due", "callback_due")
TRACKED = (*DUE_FIELDS, "current_due", "warn_at", "deadline_provisional")
# Cases whose clocks may still matter: not final, not closed (a reopen starts fresh periods).
OPEN_STATUSES = frozenset(Status.values) - FINAL_STATUSES - {Status.CLOSED}
REWORK_VERBS = frozenset({"review", "callback", "decide"})


@dataclass
class _Clock:
    accept_due: datetime | None = None
    handle_due: datetime | None = None
    unit_due: datetime | None = None
    callback_due: datetime | None = None
    suspended_at: datetime | None = None


def replay(case: Case, events: Iterable[CaseEvent]) -> dict[str, datetime | None]:
    """accept_due, handle_due, unit_due and callback_due of `case` from its events, on today's
    calendar."""
    policy = deadlines.policy_of(case)
    clock = _Clock()
    for event in events:
        _step(clock, case, event, policy)
    return {
        "accept_due": clock.accept_due,
        "handle_due": clock.handle_due,
        "unit_due": clock.unit_due,
        "callback_due": clock.callback_due,
    }


def _days(data: dict[str, Any], key: str, fallback: int) -> int:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else fallback


def _step(clock: _Clock, case: Case, event: CaseEvent, policy: deadlines.Policy) -> None:
    verb, data, at = event.verb, event.data or {}, event.at
    after = deadlines.after_workdays
    if verb == "register":
        clock.accept_due = after(case.received_at, _days(data, "accept_days", policy.accept_days))
    elif verb == "accept":
        severity = data.get("severity") or case.severity
        accepted = deadlines.policy_for(case.kind, case.category_id, severity)
        clock.handle_due = after(at, _days(data, "handle_days", accepted.handle_days))
    elif verb == "dispatch":
        if data.get("due_chosen", True) and data.get("due"):
            clock.unit_due = datetime.fromisoformat(data["due"])
        else:
            clock.unit_due = after(at, _days(data, "unit_days", policy.unit_days))
    elif verb == "self_handle":
        clock.unit_due = after(at, _days(data, "unit_days", policy.unit_days))
    elif verb == "approve":
        if data.get("approve") is False:
            clock.unit_due = None
        elif "unit_days" in data:  # the unit's clock started at the sign-off
            clock.unit_due = after(at, _days(data, "unit_days", policy.unit_days))
    elif verb == "return":
        clock.unit_due = None
    elif verb == "decide_extension" and data.get("approve") is True:
        clock.handle_due = deadlines.shift(clock.handle_due, _days(data, "days", 0))
        clock.unit_due = deadlines.shift(clock.unit_due, _days(data, "days", 0))
    elif verb == "suspend":
        clock.suspended_at = at
    elif verb == "resume" and clock.suspended_at is not None:
        lost = calendar.workdays_between(clock.suspended_at, at)
        clock.handle_due = deadlines.shift(clock.handle_due, lost)
        clock.unit_due = deadlines.shift(clock.unit_due, lost)
        clock.suspended_at = None
    elif verb in REWORK_VERBS and event.to_status == Status.HANDLING:
        clock.unit_due = after(at, _days(data, "unit_days", policy.unit_days))
    elif verb == "reply":
        clock.callback_due = after(at, _days(data, "callback_days", policy.callback_days))
    elif verb == "callback" and event.to_status == Status.REPLIED:  # unreachable: next day
        clock.callback_due = after(at, 1)
    elif verb == "reopen":
        clock.unit_due = None
        if event.to_status == Status.REGISTERED:
            clock.accept_due = after(at, _days(data, "accept_days", policy.accept_days))
            clock.handle_due = None
        else:
            clock.handle_due = after(at, _days(data, "handle_days", policy.handle_days))


def expected(case: Case, events: Iterable[CaseEvent]) -> dict[str, Any]:
    """Every tracked deadline column as the replay gives it."""
    dues = replay(case, events)
    if case.status != Status.REPLIED:  # the callback is not what the case waits for
        dues["callback_due"] = case.callback_due
    tracking = deadlines.tracking_fields(
        case.status, dues["accept_due"], dues["handle_due"], dues["unit_due"],
        deadlines.policy_of(case), dues["callback_due"],
    )  # fmt: skip
    return dues | tracking


def _plain(value: Any) -> Any:
    return value.astimezone(UTC).isoformat() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class Outcome:
    examined: int
    changed: list[int]  # ids of the cases whose deadlines moved
    conflicts: list[int]  # changed by someone else while we replayed: run again for these


def affected_cases(since: date) -> Any:
    """Open cases with a deadline on or after the local day `since` (only those can rest on it:
    a deadline is counted forward from a day before it, and its warning backward from it)."""
    start = datetime.combine(since, time.min, tzinfo=calendar.time_zone())
    reaches = (
        Q(accept_due__gte=start)
        | Q(handle_due__gte=start)
        | Q(unit_due__gte=start)
        | Q(status=Status.REPLIED, callback_due__gte=start)
    )
    return Case.objects.filter(reaches, status__in=OPEN_STATUSES)


def _chunks(since: date) -> Iterator[list[Case]]:
    last = 0
    while True:
        chunk = list(affected_cases(since).filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def recompute(since: date, *, actor: Any, now: datetime) -> Outcome:
    """Replay every affected open case on the current calendar; write those that differ."""
    calendar.invalidate_calendar()  # read the tables as they are now, in this transaction too
    examined, changed, conflicts = 0, [], []
    for chunk in _chunks(since):
        events: dict[int, list[CaseEvent]] = defaultdict(list)
        for event in CaseEvent.objects.filter(case__in=chunk).order_by("case_id", "id"):
            events[event.case_id].append(event)
        for case in chunk:
            examined += 1
            try:
                if _correct(case, events[case.pk], actor=actor, now=now, since=since):
                    changed.append(case.pk)
            except Conflict:
                conflicts.append(case.pk)
    return Outcome(examined, changed, conflicts)


def _correct(
    case: Case, events: list[CaseEvent], *, actor: Any, now: datetime, since: date
) -> bool:
    new = expected(case, events)
    old = {field: getattr(case, field) for field in TRACKED}
    moved = [field for field in TRACKED if new[field] != old[field]]
    if not moved:
        return False
    workflow.correct_deadlines(
        case,
        actor=actor,
        now=now,
        changes={field: new[field] for field in DUE_FIELDS},
        data={
            "since": since.isoformat(),
            "old": {field: _plain(old[field]) for field in moved},
            "new": {field: _plain(new[field]) for field in moved},
        },
    )
    return True


def since_year(year: int) -> date:
    return date(year, 1, 1)
