"""The pass writes a batch of automatic steps at once. Should the batch break a constraint after
all (a step's row written by a path that took no lock on the cases), the batch is rolled back and
its cases are taken one at a time: the others are still acted on, the one already done is not."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError

from tests.conftest import MONDAY
from tests.supervision.conftest import automatic, pass_at
from tests.workflow.helpers import SHANGHAI, advance
from tousu.cases import workflow as wf
from tousu.cases.models import Case, CaseEvent, Status
from tousu.supervision.models import SupervisionStep
from tousu.supervision.passes import Summary


def test_a_broken_batch_is_retried_case_by_case(
    org: dict[str, Any], make_case: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = (
        advance(make_case(now=MONDAY, title=title), Status.ACCEPTED, org, MONDAY)
        for title in ("路灯不亮", "井盖缺失")
    )
    assert first.current_due is not None
    due = first.current_due.astimezone(SHANGHAI)

    def broken_batch(cases: list[Case], **kwargs: Any) -> list[Case]:
        # Another writer, taking no lock, recorded the first case's warning meanwhile.
        SupervisionStep.objects.create(case=first, step="warn", due=due, at=MONDAY)
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(wf, "warn_many", broken_batch)
    summary = pass_at(due.year, due.month, due.day)  # both in their warning window

    assert summary == Summary(warned=1, skipped=1)
    assert automatic(first) == []
    assert automatic(second) == [("warn", None)]
    assert CaseEvent.objects.filter(verb="warn").count() == 1
