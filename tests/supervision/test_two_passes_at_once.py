"""Two workers running the pass at the same moment act once: the second blocks on the first's
`SupervisionStep` row (or loses the case's guarded update) and skips the case."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from tests.conftest import new_case
from tests.supervision.conftest import DISPATCHED_ON
from tests.workflow.helpers import shanghai
from tests.workflow.test_concurrency import _race, postgres_only
from tousu.cases import workflow as wf
from tousu.cases.models import CaseEvent, Escalation
from tousu.cases.registration import register
from tousu.supervision.passes import Summary, supervise


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_passes_at_once_remind_and_escalate_each_case_once(org: dict[str, Any]) -> None:
    clerk = get_user_model().objects.get(username="clerk")
    handler = get_user_model().objects.get(username="unit_a_handler")
    for i in range(6):
        case = register(new_case(title=f"电梯故障{i}"), actor=clerk, now=DISPATCHED_ON)
        wf.accept(case, actor=clerk, now=DISPATCHED_ON)
        wf.dispatch(case, actor=clerk, now=DISPATCHED_ON, unit="unit-a", due=date(2026, 9, 30))
        wf.sign(case, actor=handler, now=DISPATCHED_ON)
    saturday = shanghai(2026, 10, 10)

    outcomes = _race(2, lambda i: supervise(saturday))

    summaries = [o for o in outcomes if isinstance(o, Summary)]
    assert len(summaries) == 2, outcomes
    assert sum(s.reminded for s in summaries) == 6
    assert sum(s.escalated for s in summaries) == 6
    assert CaseEvent.objects.filter(verb="remind").count() == 6
    assert CaseEvent.objects.filter(verb="escalate").count() == 6
    assert Escalation.objects.count() == 6
    assert connection.vendor == "postgresql"
