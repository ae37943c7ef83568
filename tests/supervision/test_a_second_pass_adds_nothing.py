"""Running the pass twice in a row adds nothing the second time: each step is recorded once per
case and deadline (`SupervisionStep`), in the same transaction as its event."""

from __future__ import annotations

from typing import Any

from tests.supervision.conftest import pass_at
from tousu.cases.models import Case, CaseEvent, Escalation
from tousu.supervision import passes
from tousu.supervision.models import SupervisionStep
from tousu.supervision.passes import Summary


def test_the_same_pass_twice_acts_once(org: dict[str, Any], before_national_day: Case) -> None:
    # The pass did not run for days: on the make-up Saturday it reminds and escalates at once.
    assert pass_at(2026, 10, 10) == Summary(reminded=1, escalated=1)
    events = CaseEvent.objects.count()
    assert pass_at(2026, 10, 10) == Summary()
    assert pass_at(2026, 10, 10, hour=18) == Summary()
    assert CaseEvent.objects.count() == events
    assert Escalation.objects.count() == 1
    assert sorted(SupervisionStep.objects.values_list("step", flat=True)) == ["escalate", "remind"]


def test_a_step_already_recorded_is_skipped_even_if_the_scan_saw_it(
    org: dict[str, Any], before_national_day: Case
) -> None:
    # Someone else's pass recorded the reminder but its event is not visible to this scan yet:
    # inserting the same step again fails, and this pass counts a skip instead of acting.
    case = before_national_day
    case.refresh_from_db()
    assert case.current_due is not None
    system = passes.system_user()
    SupervisionStep.objects.create(
        case=case, step="remind", due=case.current_due, at=case.current_due
    )
    acted = passes._act(
        case, "remind", case.current_due, case.current_due, passes.workflow.remind, system
    )
    assert acted is False
    assert CaseEvent.objects.filter(case=case, verb="remind").count() == 0
