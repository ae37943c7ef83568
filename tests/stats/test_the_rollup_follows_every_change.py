"""The rollup is kept by differences: each run recounts the cases its new events touched. It
must end where a full recount ends, whatever the order and however often it runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from tests.conftest import MONDAY, new_case
from tests.workflow.helpers import shanghai
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.cases.registration import NewComplainant, register
from tousu.stats import rollup
from tousu.stats.models import CaseMark, Progress, Tally, UnitFact
from tousu.stats.query import Filters, Scope, totals

Org = dict[str, Any]
MARCH = Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))
# The runs read the log a few minutes after the events: a gap in the ids before them (ids that
# rolled-back transactions took, as earlier tests' did on PostgreSQL) may be a commit still in
# flight for the grace period (cases.eventlog), and is passed over only after it.
LATER = MONDAY + timedelta(minutes=5)


def test_a_second_run_adds_nothing(org: Org, make_case: Callable[..., Case]) -> None:
    make_case()
    assert rollup.catch_up(LATER) == 1  # the registration
    before = sorted(Tally.objects.values_list("figure", "n"))
    assert rollup.catch_up(LATER) == 0
    rollup.refresh(Case.objects.values_list("pk", flat=True))  # recounting changes nothing
    assert sorted(Tally.objects.values_list("figure", "n")) == before == [("received", 1)]


def test_a_case_moves_with_its_severity_when_it_is_confirmed(
    org: Org, make_case: Callable[..., Case]
) -> None:
    case = make_case()
    rollup.catch_up(LATER)
    general = Filters(MARCH.start, MARCH.end, severity="general")
    important = Filters(MARCH.start, MARCH.end, severity="important")
    assert (
        totals(general, Scope(None))["received"],
        totals(important, Scope(None))["received"],
    ) == (
        1,
        0,
    )
    wf.accept(case, actor=org["clerk"], now=MONDAY, severity="important")
    rollup.catch_up(LATER)
    assert (
        totals(general, Scope(None))["received"],
        totals(important, Scope(None))["received"],
    ) == (
        0,
        1,
    )
    assert totals(important, Scope(None))["accepted"] == 1
    assert rollup.differences() == {}


def test_events_counted_in_many_runs_equal_one_full_recount(
    org: Org, make_case: Callable[..., Case]
) -> None:
    clerk, handler = org["clerk"], org["unit_a_handler"]
    case = make_case()
    for verb, body, who in (
        ("accept", {}, clerk),
        ("dispatch", {"unit": "unit-a"}, clerk),
        ("sign", {}, handler),
        ("submit_result", {"result": "已修复", "justified": False, "valid": True}, handler),
        ("review", {"approve": True}, clerk),
    ):
        getattr(wf, verb)(case, actor=who, now=MONDAY, **body)
        rollup.catch_up(LATER)
    assert rollup.differences() == {}
    assert totals(MARCH, Scope(None)) == {
        "received": 1,
        "accepted": 1,
        "not_accepted": 0,
        "referred": 0,
        "closed": 0,
        "justified": 0,
        "unjustified": 1,
        "valid": 1,
        "invalid": 0,
        "collective": 0,
        "repeat": 0,
    }
    assert sorted(UnitFact.objects.values_list("figure", flat=True)) == [
        "assigned",
        "completed",
        "completed_on_time",
    ]


def test_a_rebuild_starts_from_nothing_and_ends_at_the_same_place(
    org: Org, make_case: Callable[..., Case]
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-b")
    rollup.catch_up(LATER)
    counted = sorted(Tally.objects.exclude(n=0).values_list("figure", "unit_id", "n"))
    assert rollup.rebuild(LATER) == 1
    assert sorted(Tally.objects.exclude(n=0).values_list("figure", "unit_id", "n")) == counted
    assert counted == [
        ("accepted", 0, 1),
        ("assigned", org["unit_b"].pk, 1),
        ("received", 0, 1),
    ]
    assert Progress.objects.get().last_event_id == case.events.order_by("-pk")[0].pk
    assert CaseMark.objects.count() == 1


def test_collective_and_repeat_cases(org: Org) -> None:
    many = [NewComplainant(name=f"居民{i}", phone=f"1391234000{i}") for i in range(5)]
    register(new_case(complainants=many), actor=org["clerk"], now=MONDAY)
    first = new_case(complainants=[NewComplainant(name="李四", phone="13700001111")])
    register(first, actor=org["clerk"], now=MONDAY)
    again = new_case(complainants=[NewComplainant(name="李四", phone="13700001111")])
    register(again, actor=org["clerk"], now=shanghai(2026, 3, 20))
    # More than a year after the last: no longer a repeat (TOUSU_REPEAT_DAYS = 365).
    late = new_case(complainants=[NewComplainant(name="李四", phone="13700001111")])
    register(late, actor=org["clerk"], now=shanghai(2027, 3, 22))
    rollup.catch_up(shanghai(2027, 3, 22))
    got = totals(MARCH, Scope(None))
    assert (got["received"], got["collective"], got["repeat"]) == (3, 1, 1)
    next_year = totals(Filters(date(2027, 3, 1), date(2027, 3, 31)), Scope(None))
    assert (next_year["received"], next_year["repeat"]) == (1, 0)
