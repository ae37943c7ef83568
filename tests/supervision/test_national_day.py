"""Across National Day 2026, a case due on 30 September: warned in its window, reminded as soon as
it is overdue, escalated to the unit's leader after two working days overdue — which, with seven
days off, is the make-up Saturday 10 October — and up to the deputy and the director while nobody
answers. The holidays never count."""

from __future__ import annotations

from typing import Any

from tests.supervision.conftest import automatic, pass_at
from tests.workflow.helpers import end_of
from tousu.cases.models import Case, Escalation, EscalationState
from tousu.supervision.passes import Summary


def test_warning_reminder_and_escalations_follow_the_working_days(
    org: dict[str, Any], before_national_day: Case
) -> None:
    case = before_national_day
    assert pass_at(2026, 9, 25) == Summary()  # Friday: not yet in the window
    assert pass_at(2026, 9, 28) == Summary(warned=1)  # two working days before: the warning
    assert pass_at(2026, 9, 30, hour=23) == Summary()  # the last day, still in time
    assert pass_at(2026, 10, 1) == Summary(reminded=1)  # overdue: the automatic 催办
    assert pass_at(2026, 10, 7) == Summary()  # the holidays do not count
    assert pass_at(2026, 10, 9) == Summary()  # 8 and 9 October: two working days overdue
    assert pass_at(2026, 10, 10) == Summary(escalated=1)  # the make-up Saturday: first 督办
    first = Escalation.objects.get(case=case, level=1)
    assert (first.to_unit_id, first.to_role, first.automatic) == (
        org["unit_a"].pk,
        "unit_leader",
        True,
    )
    # Two working days to answer: Monday 12 and Tuesday 13 (Sunday 11 is off).
    assert (first.answer_due, first.next_level_at) == (end_of(2026, 10, 13), end_of(2026, 10, 13))
    assert pass_at(2026, 10, 13, hour=23) == Summary()
    assert pass_at(2026, 10, 14) == Summary(raised=1)  # unanswered: the deputy director
    assert pass_at(2026, 10, 16) == Summary()
    assert pass_at(2026, 10, 17) == Summary(raised=1)  # Saturday after Friday 16: the director
    assert pass_at(2026, 10, 30) == Summary()  # the top of the ladder
    assert list(
        Escalation.objects.filter(case=case).order_by("id").values_list("level", "to_role", "state")
    ) == [
        (1, "unit_leader", EscalationState.ESCALATED),
        (2, "deputy", EscalationState.ESCALATED),
        (3, "director", EscalationState.OPEN),
    ]
    assert automatic(case) == [
        ("warn", None),
        ("remind", None),
        ("escalate", 1),
        ("escalate", 2),
        ("escalate", 3),
    ]
