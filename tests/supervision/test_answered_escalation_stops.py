"""An escalation the unit answered rises no further, and the case is not escalated afresh for
the same deadline."""

from __future__ import annotations

from typing import Any

from tests.supervision.conftest import automatic, pass_at
from tests.workflow.helpers import shanghai
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Escalation, EscalationState
from tousu.supervision.passes import Summary


def test_an_answered_escalation_stops_the_ladder(
    org: dict[str, Any], before_national_day: Case
) -> None:
    case = before_national_day
    pass_at(2026, 10, 1)
    assert pass_at(2026, 10, 10) == Summary(escalated=1)
    case.refresh_from_db()
    wf.answer_escalation(
        case, actor=org["unit_a_leader"], now=shanghai(2026, 10, 12), note="已督促,本周办结"
    )
    assert pass_at(2026, 10, 14) == Summary()
    assert pass_at(2026, 10, 20) == Summary()
    assert list(Escalation.objects.filter(case=case).values_list("level", "state")) == [
        (1, EscalationState.ANSWERED)
    ]
    assert automatic(case) == [("remind", None), ("escalate", 1)]
