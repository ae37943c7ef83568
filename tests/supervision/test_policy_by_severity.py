"""The supervision policy is chosen by kind and severity, the most specific active one winning;
an important case is escalated after one working day overdue (the default policies)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tests.supervision.conftest import DISPATCHED_ON, pass_at
from tests.workflow.helpers import advance
from tousu.cases import workflow as wf
from tousu.cases.escalation import Supervision, invalidate_supervision_policies, supervision_for
from tousu.cases.models import Case, Escalation, Status, SupervisionPolicy
from tousu.supervision.passes import Summary


def test_the_most_specific_policy_wins(db: Any) -> None:
    SupervisionPolicy.objects.create(name="举报", kind="report", escalate_after=5)
    SupervisionPolicy.objects.create(name="重大举报", kind="report", severity="major", levels=2)
    invalidate_supervision_policies()
    assert supervision_for("report", "general").escalate_after == 5
    assert supervision_for("report", "major").levels == 2
    assert supervision_for("report", "important") == Supervision(
        remind_after=0, escalate_after=1, next_level_after=1, answer_days=1, levels=3
    )  # the default row for important cases: severity beats kind
    assert supervision_for("consultation", "general") == Supervision()


def test_an_important_case_is_escalated_after_one_working_day_and_stops_at_the_policy_level(
    org: dict[str, Any], make_case: Callable[..., Case]
) -> None:
    SupervisionPolicy.objects.filter(severity="important").update(levels=2)
    invalidate_supervision_policies()
    case = make_case(now=DISPATCHED_ON, severity="important")
    advance(case, Status.ACCEPTED, org, DISPATCHED_ON)
    wf.dispatch(case, actor=org["clerk"], now=DISPATCHED_ON, unit="unit-a", due=date(2026, 9, 30))
    wf.approve(case, actor=org["director"], now=DISPATCHED_ON, approve=True)
    assert pass_at(2026, 10, 8) == Summary(reminded=1)
    assert pass_at(2026, 10, 9) == Summary(escalated=1)  # one working day (8 October) overdue
    assert pass_at(2026, 10, 12) == Summary(raised=1)  # one day to answer: the make-up Saturday
    assert pass_at(2026, 10, 20) == Summary()  # the policy's ladder ends at the deputy
    assert list(Escalation.objects.filter(case=case).values_list("level", flat=True)) == [1, 2]
