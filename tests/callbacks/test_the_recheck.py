"""回访抽查: a drawn case waits in the "To re-check" queue until a supervisor (or a clerk, deputy,
director) records the re-check with the complainant's satisfaction; only then is it archived."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, fresh, snapshot
from tousu.cases import workflow as wf
from tousu.cases.errors import Forbidden, InvalidInput, NotAllowed
from tousu.cases.models import Case, CaseEvent, Status
from tousu.orgs.staff import system_user
from tousu.workbench import queues

Org = dict[str, Any]
MakeCase = Callable[..., Case]
DRAWN_AT = MONDAY + timedelta(hours=15)
NOW = MONDAY + timedelta(days=1, hours=1)


def drawn_case(org: Org, make_case: MakeCase) -> Case:
    case = advance(make_case(), Status.CLOSED, org, MONDAY)
    return wf.draw_for_recheck(case, actor=system_user(), now=DRAWN_AT)


def test_a_drawn_case_waits_in_the_supervisors_recheck_queue(org: Org, make_case: MakeCase) -> None:
    advance(make_case(), Status.CLOSED, org, MONDAY)  # closed, not drawn
    case = drawn_case(org, make_case)
    assert queues.counts(org["supervisor"], NOW)["to_recheck"] == 1
    assert list(queues.queue_cases(org["supervisor"], queues.BY_KEY["to_recheck"], NOW)) == [case]


def test_the_supervisor_records_the_recheck_and_the_case_leaves_the_queue(
    org: Org, make_case: MakeCase
) -> None:
    case = drawn_case(org, make_case)
    wf.recheck(
        case, actor=org["supervisor"], now=NOW, satisfaction="satisfied", note="诉求人确认电梯正常"
    )
    stored = fresh(case)
    assert (stored.status, stored.rechecked_at, stored.satisfaction) == (
        Status.CLOSED,
        NOW,
        "satisfied",  # the callback's answer stays; the re-check's is on its event
    )
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert (event.verb, event.actor_id, event.note, event.data) == (
        "recheck",
        org["supervisor"].pk,
        "诉求人确认电梯正常",
        {"satisfaction": "satisfied"},
    )
    assert queues.counts(org["supervisor"], NOW)["to_recheck"] == 0


def test_a_case_is_rechecked_once(org: Org, make_case: MakeCase) -> None:
    case = drawn_case(org, make_case)
    wf.recheck(case, actor=org["clerk"], now=NOW, satisfaction="dissatisfied")
    before = snapshot(case)
    with pytest.raises(NotAllowed):
        wf.recheck(case, actor=org["supervisor"], now=NOW, satisfaction="satisfied")
    assert snapshot(case) == before


def test_a_case_not_drawn_is_not_rechecked(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.CLOSED, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(NotAllowed):
        wf.recheck(case, actor=org["supervisor"], now=NOW, satisfaction="satisfied")
    assert snapshot(case) == before


def test_the_recheck_needs_a_known_satisfaction(org: Org, make_case: MakeCase) -> None:
    case = drawn_case(org, make_case)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.recheck(case, actor=org["supervisor"], now=NOW, satisfaction="happy")
    assert list(refused.value.fields) == ["satisfaction"]
    assert snapshot(case) == before


def test_the_unit_that_handled_the_case_may_not_recheck_it(org: Org, make_case: MakeCase) -> None:
    case = drawn_case(org, make_case)
    before = snapshot(case)
    with pytest.raises(Forbidden):
        wf.recheck(case, actor=org["unit_a_leader"], now=NOW, satisfaction="satisfied")
    assert snapshot(case) == before
    assert fresh(case).rechecked_at is None


def test_a_drawn_case_is_archived_only_after_its_recheck(org: Org, make_case: MakeCase) -> None:
    case = drawn_case(org, make_case)
    before = snapshot(case)
    with pytest.raises(NotAllowed):
        wf.archive(case, actor=org["clerk"], now=NOW)
    assert snapshot(case) == before
    wf.recheck(case, actor=org["supervisor"], now=NOW, satisfaction="basically_satisfied")
    wf.archive(case, actor=org["clerk"], now=NOW)
    assert fresh(case).status == Status.ARCHIVED
