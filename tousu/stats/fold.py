"""The unit figures of one case, read from its events in order (a pure function: no database).

Who a figure belongs to follows the case through its history: the unit a transfer reached, the
unit that submitted the result the centre approved, the unit that completed the case when the
complainant is called back. The exact meaning of each figure is in docs/statistics.md (the
contract's words: "counted by when the event happened in the period").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# The unit figures, in the order of the units table.
ASSIGNED = "assigned"  # 转办到达: a transfer that reached the unit (after any sign-off)
COMPLETED = "completed"  # 办结: the unit's result, approved at review
COMPLETED_ON_TIME = "completed_on_time"  # 按时办结: … submitted by the unit's due time
RETURNED = "returned"  # 退单
EXTENSIONS = "extensions"  # 延期申请: the unit asked for more time
REWORKED = "reworked"  # 重办: its result sent back (review refused, dissatisfied callback…)
CALLBACKS = "callbacks"  # 回访: the outcome of a callback on a case the unit completed
REACHED = "reached"  # … of those, the complainant was reached (not 联系不上)
SATISFIED = "satisfied"  # … satisfied or basically satisfied

UNIT_FIGURES = (
    ASSIGNED,
    COMPLETED,
    COMPLETED_ON_TIME,
    RETURNED,
    EXTENSIONS,
    REWORKED,
    CALLBACKS,
    REACHED,
    SATISFIED,
)

_RATED_SATISFIED = frozenset({"satisfied", "basically_satisfied"})


@dataclass(frozen=True)
class Event:
    verb: str
    at: datetime
    to_status: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Fact:
    figure: str
    unit_id: int
    at: datetime


@dataclass
class _State:
    centre_id: int
    unit_of: Callable[[str | None], int | None]
    holder: int | None = None  # the unit that holds the case now (the centre when self-handled)
    pending: int | None = None  # a transfer waiting for the leader's sign-off
    submitted_by: int | None = None  # the unit whose result waits for review
    submitted_on_time: bool = False
    completer: int | None = None  # the unit whose result was approved last


def unit_facts(
    events: Iterable[Event], *, centre_id: int, unit_of: Callable[[str | None], int | None]
) -> list[Fact]:
    """The unit figures a case gave, in the order they happened. `unit_of` turns a unit code of
    the events' data into its id (None for a code no unit has any more)."""
    state = _State(centre_id=centre_id, unit_of=unit_of)
    facts: list[Fact] = []
    for event in events:
        step = _STEPS.get(event.verb)
        if step is not None:
            facts.extend(
                Fact(figure, unit, event.at)
                for figure, unit in step(state, event)
                if unit is not None
            )
    return facts


Found = list[tuple[str, int | None]]


def _dispatch(state: _State, event: Event) -> Found:
    unit = state.unit_of(event.data.get("unit"))
    return _sent(state, unit, event)


def _self_handle(state: _State, event: Event) -> Found:
    return _sent(state, state.centre_id, event)


def _sent(state: _State, unit: int | None, event: Event) -> Found:
    if event.data.get("needs_signoff") or event.to_status == "pending_approval":
        state.pending, state.holder = unit, None
        return []
    state.pending, state.holder = None, unit
    return [(ASSIGNED, unit)]


def _approve(state: _State, event: Event) -> Found:
    unit, state.pending = state.pending, None
    if not event.data.get("approve"):
        return []
    state.holder = unit
    return [(ASSIGNED, unit)]


def _return(state: _State, event: Event) -> Found:
    unit = state.unit_of(event.data.get("unit")) or state.holder
    state.holder = None
    return [(RETURNED, unit)]


def _request_extension(state: _State, event: Event) -> Found:
    return [(EXTENSIONS, state.holder)]


def _submit_result(state: _State, event: Event) -> Found:
    state.submitted_by = state.unit_of(event.data.get("unit")) or state.holder
    state.submitted_on_time = bool(event.data.get("on_time"))
    return []


def _review(state: _State, event: Event) -> Found:
    unit = state.submitted_by or state.holder
    state.submitted_by = None
    if not event.data.get("approve"):
        return [(REWORKED, unit)]
    state.completer, state.holder = unit, None
    found: Found = [(COMPLETED, unit)]
    if state.submitted_on_time:
        found.append((COMPLETED_ON_TIME, unit))
    return found


def _callback(state: _State, event: Event) -> Found:
    satisfaction = event.data.get("satisfaction")
    unit = state.completer
    if satisfaction == "unreachable":
        # Each attempt that did not reach the complainant is not an outcome; the last one is.
        return [(CALLBACKS, unit)] if event.to_status == "closed" else []
    found: Found = [(CALLBACKS, unit), (REACHED, unit)]
    if satisfaction in _RATED_SATISFIED:
        found.append((SATISFIED, unit))
    if event.to_status == "handling":  # dissatisfied: back to the unit that completed it
        state.holder = unit
        found.append((REWORKED, unit))
    return found


def _decide(state: _State, event: Event) -> Found:
    if event.to_status != "handling":
        return []
    state.holder = state.completer
    return [(REWORKED, state.completer)]


def _leaves_units(state: _State, event: Event) -> Found:
    """Withdrawn, reopened or merged: no unit holds the case any more."""
    state.holder = state.pending = state.submitted_by = None
    return []


_STEPS: dict[str, Callable[[_State, Event], Found]] = {
    "dispatch": _dispatch,
    "self_handle": _self_handle,
    "approve": _approve,
    "return": _return,
    "request_extension": _request_extension,
    "submit_result": _submit_result,
    "review": _review,
    "callback": _callback,
    "decide": _decide,
    "withdraw": _leaves_units,
    "reopen": _leaves_units,
    "merge": _leaves_units,
}

VERBS = frozenset(_STEPS)  # the verbs whose events give unit figures
