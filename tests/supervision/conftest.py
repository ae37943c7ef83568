"""A case at unit A due on Wednesday 30 September 2026, just before National Day (1–7 October
off; Saturday 10 October a make-up working day), and a pass run at a wall-clock time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tests.workflow.helpers import advance, shanghai
from tousu.cases import workflow as wf
from tousu.cases.models import Case, CaseEvent, Status
from tousu.supervision.passes import Summary, supervise

DISPATCHED_ON = shanghai(2026, 9, 21)  # Monday


@pytest.fixture
def before_national_day(org: dict[str, Any], make_case: Callable[..., Case]) -> Case:
    """Registered, accepted and dispatched on 21 September, due 30 September, signed for."""
    case = advance(make_case(now=DISPATCHED_ON), Status.ACCEPTED, org, DISPATCHED_ON)
    wf.dispatch(case, actor=org["clerk"], now=DISPATCHED_ON, unit="unit-a", due=date(2026, 9, 30))
    wf.sign(case, actor=org["unit_a_handler"], now=DISPATCHED_ON)
    return case


def pass_at(year: int, month: int, day: int, hour: int = 10) -> Summary:
    """One pass with the clock at that Shanghai wall-clock time."""
    with time_machine.travel(shanghai(year, month, day, hour), tick=False):
        return supervise(timezone.now())


def automatic(case: Case) -> list[tuple[str, Any]]:
    """The system's events on the case: (verb, level or None), oldest first."""
    return [
        (e.verb, e.data.get("level"))
        for e in CaseEvent.objects.filter(case=case, actor__username="system").order_by("id")
    ]
