"""The supervision pass's batch verbs (`warn_many`, `remind_many`, `escalate_many`) write the same
events and rows as the verbs one case at a time, under the same guard: a case someone else changed
since it was read is left out, untouched; so is a case the caller's claim drops."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, snapshot
from tousu.cases import workflow as wf
from tousu.cases.models import Case, CaseEvent, Escalation, Status
from tousu.orgs.staff import system_user

Org = dict[str, Any]
LATE = MONDAY + timedelta(days=40)


def handling(org: Org, make_case: Callable[..., Case], n: int) -> list[Case]:
    return [
        advance(make_case(now=MONDAY, title=f"噪音扰民{i}"), Status.HANDLING, org, MONDAY)
        for i in range(n)
    ]


def untouched(case: Case) -> dict[str, Any]:
    """What a batch leaves alone on a case it leaves out (`snapshot` counts all events)."""
    return {**snapshot(case), "events": CaseEvent.objects.filter(case=case).count()}


def keep_all(cases: list[Case]) -> list[Case]:
    return cases


def event_of(case: Case, verb: str) -> tuple[str, dict[str, Any], str, str]:
    event = CaseEvent.objects.select_related("actor").get(case=case, verb=verb)
    assert event.actor is not None
    return (event.actor.username, event.data, event.from_status, event.to_status)


def test_a_batch_of_reminders_writes_what_single_reminders_write(
    org: Org, make_case: Callable[..., Case]
) -> None:
    one, two, three = handling(org, make_case, 3)
    wf.remind(one, actor=system_user(), now=LATE)
    written = wf.remind_many([two, three], actor=system_user(), now=LATE, claim=keep_all)
    assert written == [two, three]
    expected = event_of(one, "remind")
    assert event_of(two, "remind")[1:] == expected[1:]
    assert three.current_due is not None
    assert event_of(three, "remind") == (
        "system",
        {"unit": "unit-a", "due": three.current_due.isoformat(), "automatic": True},
        "handling",
        "handling",
    )
    # No column of the case changed: the version a clerk's open form holds is still good.
    assert [Case.objects.get(pk=c.pk).version for c in (one, two, three)] == [
        one.version,
        two.version,
        three.version,
    ]


def test_a_case_changed_since_it_was_read_is_left_out_untouched(
    org: Org, make_case: Callable[..., Case]
) -> None:
    one, two = handling(org, make_case, 2)
    stale = Case.objects.get(pk=two.pk)
    wf.remind(two, actor=org["supervisor"], now=LATE, note="催一下")  # meanwhile, by hand
    before = untouched(two)
    written = wf.warn_many([one, stale], actor=system_user(), now=LATE, claim=keep_all)
    assert written == [one]
    assert untouched(two) == before
    assert CaseEvent.objects.filter(verb="warn").count() == 1


def test_a_case_the_claim_drops_is_not_written(org: Org, make_case: Callable[..., Case]) -> None:
    one, two = handling(org, make_case, 2)
    before = untouched(two)
    written = wf.warn_many([one, two], actor=system_user(), now=LATE, claim=lambda cases: cases[:1])
    assert written == [one]
    assert untouched(two) == before


def test_a_batch_of_escalations_matches_a_single_one(
    org: Org, make_case: Callable[..., Case]
) -> None:
    one, two = handling(org, make_case, 2)
    wf.escalate(one, actor=system_user(), now=LATE)
    wf.escalate_many([two], actor=system_user(), now=LATE, claim=keep_all)
    assert event_of(two, "escalate")[1:] == event_of(one, "escalate")[1:]
    fields = ("level", "to_unit_id", "to_role", "answer_due", "next_level_at", "automatic", "state")
    assert Escalation.objects.filter(case=two).values(*fields).get() == (
        Escalation.objects.filter(case=one).values(*fields).get()
    )


def test_a_batch_raises_open_escalations_a_level(org: Org, make_case: Callable[..., Case]) -> None:
    (case,) = handling(org, make_case, 1)
    wf.escalate(case, actor=system_user(), now=LATE)
    current = Escalation.objects.get(case=case)
    later = LATE + timedelta(days=7)
    wf.escalate_many(
        [case], actor=system_user(), now=later, claim=keep_all, raising={case.pk: current}
    )
    assert list(Escalation.objects.filter(case=case).values_list("level", "state")) == [
        (1, "escalated"),
        (2, "open"),
    ]
