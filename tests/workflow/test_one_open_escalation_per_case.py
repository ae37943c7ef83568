"""At most one escalation of a case is open at a time: the database refuses a second one, so no
race between two supervisors (or two supervision passes) can leave two open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from tests.conftest import MONDAY
from tests.workflow.helpers import advance
from tousu.cases import workflow as wf
from tousu.cases.errors import Conflict
from tousu.cases.models import Case, CaseEvent, Escalation, EscalationState, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]
NOW = MONDAY + timedelta(hours=1)


def test_the_database_refuses_a_second_open_escalation(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.escalate(case, actor=org["supervisor"], now=NOW)
    first = Escalation.objects.get(case=case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(
            case=case,
            level=2,
            to_unit=org["centre"],
            to_role="deputy",
            answer_due=first.answer_due,
            created_at=NOW,
        )
    assert list(Escalation.objects.filter(case=case).values_list("level", "state")) == [
        (1, EscalationState.OPEN)
    ]


def test_two_supervisors_escalating_from_the_same_copy_escalate_once(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    mine, theirs = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    wf.escalate(mine, actor=org["supervisor"], now=NOW)
    with pytest.raises(Conflict):
        wf.escalate(theirs, actor=org["deputy"], now=NOW)
    assert list(Escalation.objects.filter(case=case).values_list("level", "state")) == [
        (1, EscalationState.OPEN)
    ]
    assert CaseEvent.objects.filter(case=case, verb="escalate").count() == 1
