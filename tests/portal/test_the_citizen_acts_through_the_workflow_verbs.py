"""`cases.citizen`: the citizen, who has no account and no rights in `cases.rights`, withdraws a
case and rates its reply through the workflow's own `withdraw` and `callback` — the same status
checks, outcomes and side rows as when staff apply them; the `system` actor writes the event,
marked `"by": "citizen"`. A refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, fresh, snapshot, to_pending_decision
from tousu.cases import citizen
from tousu.cases import workflow as wf
from tousu.cases.errors import InvalidInput, NotAllowed
from tousu.cases.models import Case, CaseEvent, Status
from tousu.orgs.staff import system_user

Org = dict[str, Any]
MakeCase = Callable[..., Case]


def _outcome(case: Case) -> tuple[Any, ...]:
    case = fresh(case)
    return (case.status, case.satisfaction, case.dissatisfied_count, case.rework_count)


@pytest.mark.parametrize("satisfaction", ["satisfied", "basically_satisfied", "dissatisfied"])
def test_a_citizens_rating_ends_as_the_staff_callback_would(
    org: Org, make_case: MakeCase, satisfaction: str
) -> None:
    by_staff = advance(make_case(), Status.REPLIED, org, MONDAY)
    by_citizen = advance(make_case(), Status.REPLIED, org, MONDAY)
    wf.callback(by_staff, actor=org["clerk"], now=MONDAY, satisfaction=satisfaction)
    citizen.rate(by_citizen, now=MONDAY, satisfaction=satisfaction)
    assert _outcome(by_citizen) == _outcome(by_staff)
    event = CaseEvent.objects.filter(case=by_citizen).latest("id")
    assert (event.verb, event.actor_id) == ("callback", system_user().pk)
    assert (event.data["by"], event.data["channel"], event.data["satisfaction"]) == (
        "citizen",
        "web",
        satisfaction,
    )


def test_a_second_dissatisfied_rating_goes_to_the_leaders_decision(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.REPLIED, org, MONDAY)
    citizen.rate(case, now=MONDAY, satisfaction="dissatisfied")
    advance(case, Status.REPLIED, org, MONDAY)
    citizen.rate(case, now=MONDAY, satisfaction="dissatisfied", note="还是没修")
    assert _outcome(case) == (Status.PENDING_DECISION, "dissatisfied", 2, 1)


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.HANDLING, Status.SUSPENDED])
def test_the_citizen_withdraws_as_staff_would(org: Org, make_case: MakeCase, status: str) -> None:
    case = make_case()
    if status == Status.SUSPENDED:
        advance(case, Status.HANDLING, org, MONDAY)
        wf.suspend(case, actor=org["director"], now=MONDAY, reason="等待鉴定")
    else:
        advance(case, status, org, MONDAY)
    citizen.withdraw(case, now=MONDAY, reason="问题已解决")
    case = fresh(case)
    assert (case.status, case.closed_at, case.suspended_at) == (Status.WITHDRAWN, MONDAY, None)


@pytest.mark.parametrize("status", [Status.REVIEWED, Status.CLOSED])
def test_rating_is_refused_unless_the_case_waits_for_its_callback(
    org: Org, make_case: MakeCase, status: str
) -> None:
    case = advance(make_case(), status, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(NotAllowed):
        citizen.rate(case, now=MONDAY, satisfaction="satisfied")
    assert snapshot(case) == before


def test_a_citizen_cannot_answer_unreachable(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.REPLIED, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        citizen.rate(case, now=MONDAY, satisfaction="unreachable")
    assert list(refused.value.fields) == ["satisfaction"]
    assert snapshot(case) == before


@pytest.mark.parametrize("status", [Status.CLOSED, Status.PENDING_DECISION])
def test_withdrawing_is_refused_where_the_verb_does_not_apply(
    org: Org, make_case: MakeCase, status: str
) -> None:
    case = make_case()
    if status == Status.PENDING_DECISION:
        to_pending_decision(case, org, MONDAY)
    else:
        advance(case, status, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(NotAllowed):
        citizen.withdraw(case, now=MONDAY, reason="不想投诉了")
    assert snapshot(case) == before


def test_a_withdrawal_needs_a_reason(org: Org, make_case: MakeCase) -> None:
    case = make_case()
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        citizen.withdraw(case, now=MONDAY, reason="  ")
    assert list(refused.value.fields) == ["reason"]
    assert snapshot(case) == before


def test_staff_rights_are_unchanged_the_system_still_may_not_withdraw(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    assert "withdraw" not in wf.available_verbs(system_user(), case, MONDAY)
