"""GET /cases (filters, search, paging, most urgent first, no N+1) and GET /cases/counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from time_machine import TimeMachineFixture

from tests.api.helpers import API, act, advance, get, invalid
from tests.conftest import MONDAY
from tousu.cases.models import Case, Status

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["items"])


@pytest.fixture
def spread(org: dict[str, Any], make_case: MakeCase) -> dict[str, Case]:
    """Cases in several states, kinds, units and categories."""
    return {
        "registered": make_case(title="楼道灯不亮"),
        "accepted": advance(make_case(kind="report", category="housing"), org, "accepted"),
        "dispatched": advance(make_case(title="电梯困人"), org, "dispatched"),
        "handling": advance(make_case(kind="consultation", category=None), org, "handling"),
        "food": make_case(kind="report", category="food", title="过期食品"),
    }


def test_the_list_answers_items_and_total_of_every_visible_case(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = get(api_as("clerk"), "/cases")

    body = response.json()
    assert set(body) == {"items", "total", "page", "page_size"}
    assert body["total"] == 5
    assert _ids(response) == sorted(c.pk for c in spread.values())
    assert {"id", "number", "status", "complainant", "deadlines", "deadline_state"} <= set(
        body["items"][0]
    )


def test_filter_by_one_status(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = get(api_as("clerk"), "/cases", {"status": "registered"})

    assert _ids(response) == sorted([spread["registered"].pk, spread["food"].pk])
    assert response.json()["total"] == 2


def test_filter_by_comma_separated_statuses(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = get(api_as("clerk"), "/cases", {"status": "accepted,handling"})

    assert _ids(response) == sorted([spread["accepted"].pk, spread["handling"].pk])


def test_filter_by_repeated_statuses(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = api_as("clerk").get(f"{API}/cases?status=accepted&status=dispatched,handling")

    assert _ids(response) == sorted(
        [spread["accepted"].pk, spread["dispatched"].pk, spread["handling"].pk]
    )


@pytest.mark.parametrize("status", ["rumour", "registered,rumour", "REGISTERED"])
def test_an_unknown_status_is_a_422_naming_status(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture, status: str
) -> None:
    invalid(get(api_as("clerk"), "/cases", {"status": status}), "status")


def test_filter_by_kind(spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture) -> None:
    response = get(api_as("clerk"), "/cases", {"kind": "report"})

    assert _ids(response) == sorted([spread["accepted"].pk, spread["food"].pk])


def test_filter_by_unit(spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture) -> None:
    client = api_as("clerk")

    assert _ids(get(client, "/cases", {"unit": "unit-a"})) == sorted(
        [spread["dispatched"].pk, spread["handling"].pk]
    )
    assert _ids(get(client, "/cases", {"unit": "unit-b"})) == []
    assert _ids(get(client, "/cases", {"unit": "no-such-unit"})) == []


def test_filter_by_category_includes_its_sub_categories(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")

    # "property" is below "housing": the housing filter finds both.
    assert _ids(get(client, "/cases", {"category": "housing"})) == sorted(
        [spread["registered"].pk, spread["accepted"].pk, spread["dispatched"].pk]
    )
    assert _ids(get(client, "/cases", {"category": "property"})) == sorted(
        [spread["registered"].pk, spread["dispatched"].pk]
    )
    assert _ids(get(client, "/cases", {"category": "food"})) == [spread["food"].pk]
    assert _ids(get(client, "/cases", {"category": "no-such-category"})) == []


def test_filters_combine(spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture) -> None:
    response = get(
        api_as("clerk"), "/cases", {"kind": "report", "category": "housing", "status": "accepted"}
    )

    assert _ids(response) == [spread["accepted"].pk]


def test_search_by_case_number_is_exact(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")
    number = spread["food"].number

    assert _ids(get(client, "/cases", {"q": number})) == [spread["food"].pk]
    assert _ids(get(client, "/cases", {"q": number[:-1]})) == []


def test_search_by_a_fragment_of_the_title(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")

    assert _ids(get(client, "/cases", {"q": "困人"})) == [spread["dispatched"].pk]
    assert _ids(get(client, "/cases", {"q": "电梯"})) == sorted(
        [spread["accepted"].pk, spread["dispatched"].pk, spread["handling"].pk]
    )
    assert _ids(get(client, "/cases", {"q": "食品"})) == [spread["food"].pk]
    assert _ids(get(client, "/cases", {"q": "不存在的词"})) == []


def test_search_by_the_citizens_tracking_code_in_any_case(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    code = spread["handling"].tracking_code

    assert _ids(get(api_as("clerk"), "/cases", {"q": code.lower()})) == [spread["handling"].pk]


def test_overdue_filters_on_the_current_deadline(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, time_machine: TimeMachineFixture
) -> None:
    early = make_case(now=MONDAY)  # accept due Tuesday 03-03 23:59:59
    late = make_case(now=MONDAY + timedelta(days=2))  # Wednesday: accept due Thursday 03-05
    client = api_as("clerk")

    time_machine.move_to(MONDAY + timedelta(days=1), tick=False)  # Tuesday
    assert _ids(get(client, "/cases", {"overdue": "true"})) == []
    assert _ids(get(client, "/cases", {"overdue": "false"})) == sorted([early.pk, late.pk])

    time_machine.move_to(MONDAY + timedelta(days=2), tick=False)  # Wednesday
    assert _ids(get(client, "/cases", {"overdue": "true"})) == [early.pk]
    assert _ids(get(client, "/cases", {"overdue": "false"})) == [late.pk]
    assert get(client, f"/cases/{early.pk}").json()["deadline_state"] == "overdue"

    time_machine.move_to(MONDAY + timedelta(days=4), tick=False)  # Friday
    assert _ids(get(client, "/cases", {"overdue": "true"})) == sorted([early.pk, late.pk])


def test_a_case_whose_clock_has_stopped_is_never_overdue(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, time_machine: TimeMachineFixture
) -> None:
    closed = advance(make_case(), org, "closed")
    time_machine.move_to(MONDAY + timedelta(days=90), tick=False)

    assert _ids(get(api_as("clerk"), "/cases", {"overdue": "true"})) == []
    assert _ids(get(api_as("clerk"), "/cases", {"overdue": "false"})) == [closed.pk]


def test_the_list_is_most_urgent_first_and_cases_without_a_clock_last(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    later = make_case(now=MONDAY + timedelta(days=2))
    closed = advance(make_case(), org, "closed")
    sooner = make_case(now=MONDAY)

    response = get(api_as("clerk"), "/cases")

    assert [item["id"] for item in response.json()["items"]] == [sooner.pk, later.pk, closed.pk]


def test_paging_splits_the_list_without_losing_or_repeating_a_case(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    cases = [make_case(now=MONDAY + timedelta(minutes=i)) for i in range(5)]
    client = api_as("clerk")

    pages = [get(client, "/cases", {"page": p, "page_size": 2}).json() for p in (1, 2, 3, 4)]

    assert [len(p["items"]) for p in pages] == [2, 2, 1, 0]
    assert [p["total"] for p in pages] == [5, 5, 5, 5]
    assert [p["page"] for p in pages] == [1, 2, 3, 4]
    assert {p["page_size"] for p in pages} == {2}
    seen = [item["id"] for p in pages for item in p["items"]]
    assert sorted(seen) == sorted(c.pk for c in cases)
    assert len(set(seen)) == 5


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": "x"}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": 201}, "page_size"),
        ({"overdue": "maybe"}, "overdue"),
        ({"q": "查" * 101}, "q"),
    ],
)
def test_bad_list_parameters_are_a_422_naming_the_parameter(
    org: dict[str, Any],
    api_as: ApiAs,
    clock: TimeMachineFixture,
    params: dict[str, Any],
    field: str,
) -> None:
    invalid(get(api_as("clerk"), "/cases", params), field)


@pytest.mark.parametrize("username", ["clerk", "unit_a_handler"])
def test_the_list_runs_the_same_number_of_queries_for_one_case_and_for_twenty(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    username: str,
) -> None:
    def make_one(i: int) -> None:
        case = make_case(
            now=MONDAY + timedelta(minutes=i), category="property" if i % 2 else "food"
        )
        advance(case, org, "handling")

    make_one(0)
    client = api_as(username)
    get(client, "/cases")  # warm up: token touch, unit tree and calendar caches

    with CaptureQueriesContext(connection) as one:
        assert len(get(client, "/cases").json()["items"]) == 1
    for i in range(1, 20):
        make_one(i)
    with CaptureQueriesContext(connection) as twenty:
        assert len(get(client, "/cases").json()["items"]) == 20

    assert len(twenty) == len(one), [q["sql"] for q in twenty.captured_queries]


# --- counts ------------------------------------------------------------------------------------


def test_the_counts_cover_every_status_for_the_clerk(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    counts = get(api_as("clerk"), "/cases/counts").json()

    assert set(counts) >= {"by_status", "overdue", "due_soon"}
    assert counts["by_status"] == dict.fromkeys(Status.values, 0) | {
        "registered": 2,
        "accepted": 1,
        "dispatched": 1,
        "handling": 1,
    }


def test_unit_a_counts_only_what_it_holds(
    spread: dict[str, Case], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    counts = get(api_as("unit_a_handler"), "/cases/counts").json()

    assert counts["by_status"] == dict.fromkeys(Status.values, 0) | {"dispatched": 1, "handling": 1}
    assert counts["overdue"] == 0


def test_overdue_and_due_soon_counts_follow_the_clock(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, time_machine: TimeMachineFixture
) -> None:
    # Both dispatched at Monday: unit due Wednesday 03-11, warning from Monday 03-09.
    first = advance(make_case(), org, "handling")
    second = advance(make_case(), org, "dispatched")
    registered = make_case()  # accept due Tuesday 03-03
    clerk, unit = api_as("clerk"), api_as("unit_a_handler")

    time_machine.move_to(MONDAY + timedelta(days=1), tick=False)  # Tuesday 03-03
    assert get(clerk, "/cases/counts").json()["overdue"] == 0
    assert get(clerk, "/cases/counts").json()["due_soon"] == 1  # the registered case

    time_machine.move_to(MONDAY + timedelta(days=7), tick=False)  # Monday 03-09
    clerk_counts = get(clerk, "/cases/counts").json()
    unit_counts = get(unit, "/cases/counts").json()
    assert (clerk_counts["overdue"], clerk_counts["due_soon"]) == (1, 2)
    assert (unit_counts["overdue"], unit_counts["due_soon"]) == (0, 2)
    assert _ids(get(unit, "/cases", {"due_soon": "true"})) == sorted([first.pk, second.pk])

    time_machine.move_to(MONDAY + timedelta(days=10), tick=False)  # Thursday 03-12
    unit_counts = get(unit, "/cases/counts").json()
    assert (unit_counts["overdue"], unit_counts["due_soon"]) == (2, 0)
    assert _ids(get(clerk, "/cases", {"overdue": "true"})) == sorted(
        [first.pk, second.pk, registered.pk]
    )


def test_a_pending_extension_is_counted(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling")
    act(api_as("unit_a_handler"), case.pk, "request_extension", {"days": 3, "reason": "需核查"})

    assert get(api_as("deputy"), "/cases/counts").json()["extension_pending"] == 1
    assert get(api_as("unit_b_handler"), "/cases/counts").json()["extension_pending"] == 0
