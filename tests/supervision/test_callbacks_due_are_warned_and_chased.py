"""A replied case's clock is its callback 回访: the pass warns of it as it falls due and chases it
(an automatic 催办) once it is late — but never escalates it, the callback being the centre's own
work. Replied on Monday 2 March 2026, the callback is due at the end of Thursday 5 March."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import MONDAY
from tests.supervision.conftest import automatic, pass_at
from tests.workflow.helpers import advance, shanghai
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Escalation, Status
from tousu.supervision.passes import Summary


def replied(org: dict[str, Any], make_case: Callable[..., Case]) -> Case:
    case = advance(make_case(now=MONDAY), Status.REVIEWED, org, MONDAY)
    return wf.reply(case, actor=org["clerk"], now=MONDAY, content="已处理", channel="phone")


def test_a_callback_falling_due_is_warned_then_chased_once_late(
    org: dict[str, Any], make_case: Callable[..., Case]
) -> None:
    case = replied(org, make_case)
    assert case.current_due == shanghai(2026, 3, 5, 23, 59, 59)
    assert pass_at(2026, 3, 2) == Summary()  # Monday: the warning window has not begun
    assert pass_at(2026, 3, 4) == Summary(warned=1)  # Wednesday
    assert pass_at(2026, 3, 5, hour=23) == Summary()  # Thursday night: due, not late
    assert pass_at(2026, 3, 6) == Summary(reminded=1)  # Friday: late
    assert pass_at(2026, 3, 13) == Summary()  # a week later: no 督办, nothing twice
    assert automatic(case) == [("warn", None), ("remind", None)]
    assert Escalation.objects.count() == 0
    case.refresh_from_db()
    assert case.status == Status.REPLIED


def test_a_callback_made_in_time_is_not_chased(
    org: dict[str, Any], make_case: Callable[..., Case]
) -> None:
    case = replied(org, make_case)
    wf.callback(case, actor=org["clerk"], now=shanghai(2026, 3, 5), satisfaction="satisfied")
    assert pass_at(2026, 3, 6) == Summary()
    assert automatic(case) == []
