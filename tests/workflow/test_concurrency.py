"""Two people, one case: the guarded update lets exactly one of them win; the other is told
that someone else changed the case first (409, with the current status). And case numbers stay
distinct and sequential when many clerks register at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from tests.conftest import MONDAY, new_case
from tests.workflow.helpers import advance, fresh, verbs_of
from tousu.cases import workflow as wf
from tousu.cases.errors import Conflict, NotAllowed
from tousu.cases.models import (
    Assignment,
    AssignmentState,
    Case,
    CaseEvent,
    ExtensionRequest,
    Status,
)
from tousu.cases.registration import register

Org = dict[str, Any]
MakeCase = Callable[..., Case]
LATER = MONDAY + timedelta(hours=1)


# --- stale copies in one process --------------------------------------------------------------


def test_of_two_users_accepting_the_same_case_the_first_wins_the_second_gets_a_conflict(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    mine, theirs = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    wf.accept(mine, actor=org["clerk"], now=LATER)
    with pytest.raises(Conflict) as lost:
        wf.accept(theirs, actor=org["dispatcher"], now=LATER)
    assert isinstance(lost.value, NotAllowed)  # mapped to 409 like any state refusal
    assert (lost.value.code, lost.value.status) == ("conflict", Status.ACCEPTED)
    assert CaseEvent.objects.filter(case=case, verb="accept").count() == 1
    stored = fresh(case)
    assert (stored.status, stored.version) == (Status.ACCEPTED, case.version + 1)
    assert CaseEvent.objects.get(case=case, verb="accept").actor_id == org["clerk"].pk
    # The loser's copy is untouched: it still says what the loser last saw.
    assert (theirs.status, theirs.version) == (Status.REGISTERED, case.version)


def test_a_reject_that_comes_second_to_an_accept_changes_nothing(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    mine, theirs = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    wf.reject(mine, actor=org["intake_only"], now=LATER, reason="out_of_scope")
    with pytest.raises(Conflict) as lost:
        wf.accept(theirs, actor=org["clerk"], now=LATER)
    assert lost.value.status == Status.NOT_ACCEPTED
    assert verbs_of(case) == ["register", "reject"]
    assert fresh(case).status == Status.NOT_ACCEPTED


def test_a_losing_dispatch_writes_no_transfer(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    mine, theirs = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    wf.dispatch(mine, actor=org["clerk"], now=LATER, unit="unit-a")
    with pytest.raises(Conflict) as lost:
        wf.dispatch(theirs, actor=org["dispatcher"], now=LATER, unit="unit-b")
    assert lost.value.status == Status.DISPATCHED
    assert list(Assignment.objects.filter(case=case).values_list("unit__code", "state")) == [
        ("unit-a", AssignmentState.AWAITING_SIGN)
    ]
    assert CaseEvent.objects.filter(case=case, verb="dispatch").count() == 1


def test_a_stale_copy_conflicts_even_when_the_status_is_the_same_again(
    org: Org, make_case: MakeCase
) -> None:
    # disclose_identity leaves the status at `handling`; the version still tells the copies apart.
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    stale = Case.objects.get(pk=case.pk)
    wf.disclose_identity(case, actor=org["deputy"], now=LATER, reason="需核实")
    assert fresh(case).status == stale.status
    with pytest.raises(Conflict) as lost:
        wf.submit_result(stale, actor=org["unit_a_handler"], now=LATER, result="已处理")
    assert lost.value.status == Status.HANDLING
    assert CaseEvent.objects.filter(case=case, verb="submit_result").count() == 0


def _extension_waiting(org: Org, make_case: MakeCase) -> Case:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.request_extension(case, actor=org["unit_a_handler"], now=LATER, days=5, reason="需勘查")
    return case


def test_a_second_decision_on_the_same_extension_is_a_conflict_not_an_error(
    org: Org, make_case: MakeCase
) -> None:
    case = _extension_waiting(org, make_case)
    mine, theirs = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    wf.decide_extension(mine, actor=org["deputy"], now=LATER, approve=True, note="同意")
    with pytest.raises(Conflict) as lost:
        wf.decide_extension(theirs, actor=org["director"], now=LATER, approve=False, note="不同意")
    assert (lost.value.code, lost.value.status) == ("conflict", Status.HANDLING)
    request = ExtensionRequest.objects.get(case=case)
    assert (request.approved, request.decided_by_id) == (True, org["deputy"].pk)
    assert CaseEvent.objects.filter(case=case, verb="decide_extension").count() == 1


# --- real threads, real connections (PostgreSQL) -----------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a real race needs concurrent writers; SQLite serialises the whole database",
)


def _race[T](n: int, work: Callable[[int], T]) -> list[T | Exception]:
    """Run `work(i)` in n threads that start together; each uses and closes its own connection."""
    barrier = threading.Barrier(n)
    outcomes: list[T | Exception | None] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[i] = work(i)
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    assert all(outcome is not None for outcome in outcomes)
    return [outcome for outcome in outcomes if outcome is not None]


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_threads_accepting_the_same_case_at_once_yield_one_accept_and_one_conflict(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    User = get_user_model()
    # Each thread reads its own copy and its own user before the start signal.
    copies = [Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)]
    actors = [User.objects.get(username="clerk"), User.objects.get(username="dispatcher")]

    outcomes = _race(2, lambda i: wf.accept(copies[i], actor=actors[i], now=LATER))

    won = [o for o in outcomes if isinstance(o, Case)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(won), len(lost)) == (1, 1), outcomes
    assert lost[0].status == Status.ACCEPTED
    assert CaseEvent.objects.filter(case=case, verb="accept").count() == 1
    stored = fresh(case)
    assert (stored.status, stored.version) == (Status.ACCEPTED, case.version + 1)


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_clerks_registering_at_the_same_moment_get_distinct_sequential_numbers(
    org: Org,
) -> None:
    n = 6
    clerks = [get_user_model().objects.get(username="clerk") for _ in range(n)]

    outcomes = _race(
        n, lambda i: register(new_case(title=f"同时来电{i}"), actor=clerks[i], now=MONDAY)
    )

    assert [o for o in outcomes if not isinstance(o, Case)] == []
    numbers = sorted(o.number for o in outcomes if isinstance(o, Case))
    assert numbers == [f"2603{seq:05d}" for seq in range(1, n + 1)]
    assert Case.objects.count() == n


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_leaders_deciding_the_same_extension_at_once_yield_one_decision_and_one_conflict(
    org: Org, make_case: MakeCase
) -> None:
    case = _extension_waiting(org, make_case)
    User = get_user_model()
    copies = [Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)]
    leaders = [User.objects.get(username="deputy"), User.objects.get(username="director")]

    outcomes = _race(
        2,
        lambda i: wf.decide_extension(
            copies[i], actor=leaders[i], now=LATER, approve=i == 0, note="决定"
        ),
    )

    won = [o for o in outcomes if isinstance(o, Case)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(won), len(lost)) == (1, 1), outcomes
    assert lost[0].status == Status.HANDLING
    assert CaseEvent.objects.filter(case=case, verb="decide_extension").count() == 1
    assert ExtensionRequest.objects.filter(case=case, decided_at__isnull=True).count() == 0
    assert fresh(case).extension_pending is False
