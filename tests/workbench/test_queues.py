"""The workbench: each person's queues with their counts, and each queue a sortable, filterable,
paginated list of the cases that person may see — nothing of another unit's, and the same few
queries however many rows.

A queue page never waits for the counts: it shows them when they are cached and otherwise the
queue navigation fetches them right after loading (`hx-trigger="load, every 60s"`). The home
page counts, to open the first queue with work."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.api.helpers import advance
from tests.workbench.case_helpers import NOW, act_url, client_for, form_data
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.workbench import listing, queues

MakeCase = Callable[..., Case]
HTMX_LIST: dict[str, Any] = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "case-list"}


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def queue_url(key: str, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("workbench:queue", args=[key]) + (f"?{query}" if query else "")


def badges(html: str) -> dict[str, str]:
    """What each queue's badge in the navigation says."""
    found = re.findall(
        r'class="queue-link queue-(\w+)[^"]*"[^>]*>.*?class="badge[^"]*"[^>]*>([^<]*)<', html, re.S
    )
    return dict(found)


def numbers(html: str) -> list[str]:
    """The case numbers listed, in the order shown."""
    return re.findall(r'<td class="number"><a href="[^"]+">(\w+)</a>', html)


def counted(user: Any) -> dict[str, int]:
    return queues.counts(user, NOW)


def nothing(user: Any) -> dict[str, int]:
    """A zero for each queue the user sees (each sees the queues of their roles)."""
    return {q.key: 0 for q in queues.queues_of(user)}


# --- the counts ---------------------------------------------------------------------------------


def test_the_clerk_counts_every_open_case_of_the_centre_by_queue(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    make_case()
    make_case()
    advance(make_case(), org, "accepted", NOW)
    advance(make_case(), org, "handling", NOW)
    advance(make_case(), org, "result_submitted", NOW)
    advance(make_case(), org, "archived", NOW)  # closed: in no queue

    assert counted(org["clerk"]) == nothing(org["clerk"]) | {
        "to_accept": 2,
        "to_dispatch": 1,
        "in_progress": 1,
        "to_review": 1,
    }


def test_unit_a_counts_only_what_was_sent_to_it_and_unit_b_counts_nothing(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    make_case()  # still at the centre
    advance(make_case(), org, "dispatched", NOW)
    advance(make_case(), org, "handling", NOW)

    assert counted(org["unit_a_handler"]) == nothing(org["unit_a_handler"]) | {
        "to_sign": 1,
        "in_progress": 1,
    }
    assert counted(org["unit_b_handler"]) == nothing(org["unit_b_handler"])


def test_a_case_past_its_deadline_is_counted_as_overdue(
    org: dict[str, Any], make_case: MakeCase, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    assert case.current_due is not None
    later = case.current_due + timedelta(days=1)
    clock.move_to(later, tick=False)

    assert queues.counts(org["unit_a_handler"], later) == nothing(org["unit_a_handler"]) | {
        "in_progress": 1,
        "overdue": 1,
    }


def test_a_case_inside_its_warning_window_is_counted_as_due_soon(
    org: dict[str, Any], make_case: MakeCase, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    assert case.warn_at is not None
    soon = case.warn_at + timedelta(hours=1)
    clock.move_to(soon, tick=False)

    assert queues.counts(org["unit_a_handler"], soon) == nothing(org["unit_a_handler"]) | {
        "in_progress": 1,
        "due_soon": 1,
    }


def test_the_counts_endpoint_answers_the_badges_and_caches_them_per_user(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    make_case()
    client = client_for(org["clerk"])

    html = client.get(reverse("workbench:queue_counts") + "?current=to_accept").content.decode()

    assert badges(html)["to_accept"] == "1"
    assert badges(html)["overdue"] == "0"
    assert 'aria-current="page"' in html
    assert queues.peek_counts(org["clerk"]) == nothing(org["clerk"]) | {"to_accept": 1}
    assert queues.peek_counts(org["unit_a_handler"]) is None


def test_cached_counts_are_served_without_counting_again(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    make_case()
    client = client_for(org["clerk"])
    client.get(reverse("workbench:queue_counts"))
    make_case()  # someone else registers: the cached answer stands for up to COUNTS_TTL seconds

    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("workbench:queue_counts")).content.decode()

    assert badges(html)["to_accept"] == "1"
    assert not [q for q in queries.captured_queries if "cases_case" in q["sql"]]


# --- the queue page -----------------------------------------------------------------------------


def test_the_home_page_opens_the_first_queue_with_work_and_shows_the_counts(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "accepted", NOW)

    response = client_for(org["clerk"]).get(reverse("workbench:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>To dispatch" in html
    assert numbers(html) == [case.number]
    # It had to count to choose: the counts are shown, cached, and only polled from then on.
    assert (badges(html)["to_accept"], badges(html)["to_dispatch"]) == ("0", "1")
    assert 'hx-trigger="every 60s"' in html
    assert queues.peek_counts(org["clerk"]) == nothing(org["clerk"]) | {"to_dispatch": 1}


def test_a_queue_page_does_not_wait_for_the_counts_it_fetches_them_after_loading(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()

    html = client_for(org["clerk"]).get(queue_url("to_accept")).content.decode()

    assert numbers(html) == [case.number]
    assert 'hx-trigger="load, every 60s"' in html
    assert set(badges(html).values()) == {"…"}
    assert queues.peek_counts(org["clerk"]) is None


def test_with_counts_in_the_cache_the_page_shows_them_and_only_polls(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    make_case()
    client = client_for(org["clerk"])
    client.get(reverse("workbench:queue_counts"))

    html = client.get(queue_url("to_accept")).content.decode()

    assert badges(html)["to_accept"] == "1"
    assert badges(html)["to_dispatch"] == "0"
    assert 'hx-trigger="every 60s"' in html


def test_a_user_with_nothing_to_do_gets_their_first_queue_empty(org: dict[str, Any]) -> None:
    html = client_for(org["unit_b_handler"]).get(reverse("workbench:home")).content.decode()

    assert "<title>To sign for" in html  # a unit's first queue: the centre's are not theirs
    assert "No cases here." in html


def test_each_row_shows_number_kind_category_title_unit_severity_and_remaining_days(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "handling", NOW)

    html = client_for(org["clerk"]).get(queue_url("in_progress")).content.decode()

    row = re.search(r'<tr class="state-(\w+)">(.*?)</tr>', html, re.S)
    assert row is not None
    assert row.group(1) == "normal"
    cells = [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(2), re.S)
    ]
    assert cells == [
        case.number,
        "complaint",
        "物业管理",
        "小区电梯长期故障无人维修",
        "市住房和城乡建设局",
        "general",
        "7 working days left",
    ]


def test_an_overdue_row_is_marked_red_with_the_working_days_it_is_late(
    org: dict[str, Any], make_case: MakeCase, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    assert case.current_due is not None
    clock.move_to(case.current_due + timedelta(days=3), tick=False)

    html = client_for(org["unit_a_handler"]).get(queue_url("overdue")).content.decode()

    assert numbers(html) == [case.number]
    assert '<tr class="state-overdue">' in html
    assert re.search(r'<span class="remaining overdue"[^>]*>\d working days? overdue</span>', html)


def test_unit_b_never_finds_unit_as_case_in_any_queue(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    advance(make_case(), org, "handling", NOW)
    client = client_for(org["unit_b_handler"])

    for queue in queues.queues_of(org["unit_b_handler"]):
        response = client.get(queue_url(queue.key))
        assert (response.status_code, numbers(response.content.decode())) == (200, []), queue.key


def test_an_unknown_queue_is_a_404_and_a_stranger_is_asked_to_log_in(org: dict[str, Any]) -> None:
    assert client_for(org["clerk"]).get("/q/no-such-queue/").status_code == 404
    answer = Client().get(queue_url("to_accept"))
    assert answer.status_code == 302
    assert answer["Location"] == f"/login/?next={queue_url('to_accept')}"


# --- sorting, filtering, paging -----------------------------------------------------------------


def test_the_list_sorts_by_number_either_way(org: dict[str, Any], make_case: MakeCase) -> None:
    made = [make_case().number for _ in range(3)]
    client = client_for(org["clerk"])

    ascending = numbers(client.get(queue_url("to_accept", sort="number")).content.decode())
    descending = numbers(
        client.get(queue_url("to_accept", sort="number", dir="desc")).content.decode()
    )

    assert ascending == sorted(made)
    assert descending == sorted(made, reverse=True)


def test_the_list_filters_by_kind_and_by_category_with_its_subcategories(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    complaint = make_case()
    report = make_case(kind="report")
    food = make_case(category="food")
    client = client_for(org["clerk"])

    def listed(**params: str) -> list[str]:
        return numbers(client.get(queue_url("to_accept", sort="number", **params)).content.decode())

    assert listed(kind="report") == [report.number]
    # "housing" holds "property", the category of the first two cases.
    assert listed(category="housing") == [complaint.number, report.number]
    assert listed(category="food") == [food.number]
    assert listed(kind="nonsense") == [complaint.number, report.number, food.number]


def test_the_list_filters_by_unit(org: dict[str, Any], make_case: MakeCase) -> None:
    to_a = advance(make_case(), org, "dispatched", NOW)
    to_b = make_case(category="food")
    wf.accept(to_b, actor=org["clerk"], now=NOW)
    wf.dispatch(to_b, actor=org["clerk"], now=NOW, unit="unit-b")
    client = client_for(org["admin"])  # the administrator sees every queue

    assert numbers(client.get(queue_url("to_sign", unit="unit-a")).content.decode()) == [
        to_a.number
    ]
    assert numbers(client.get(queue_url("to_sign", unit="unit-b")).content.decode()) == [
        to_b.number
    ]
    assert numbers(client.get(queue_url("to_sign", unit="nowhere")).content.decode()) == []


def test_the_list_shows_fifty_cases_a_page(org: dict[str, Any], make_case: MakeCase) -> None:
    made = sorted(make_case().number for _ in range(51))
    client = client_for(org["clerk"])

    first = client.get(queue_url("to_accept", sort="number")).content.decode()
    second = client.get(queue_url("to_accept", sort="number", page="2")).content.decode()

    assert numbers(first) == made[:50]
    assert numbers(second) == made[50:]
    assert "page 1 of 2 · 51 cases" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'rel="prev"' in second and 'rel="next"' not in second
    # A page past the end shows the last one; nonsense shows the first.
    assert (
        numbers(client.get(queue_url("to_accept", sort="number", page="9")).content.decode())
        == made[50:]
    )
    assert (
        numbers(client.get(queue_url("to_accept", sort="number", page="x")).content.decode())
        == made[:50]
    )


def test_a_long_queue_counts_only_up_to_the_limit_and_every_page_stays_reachable(
    org: dict[str, Any], make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three to a count and two to a page stand in for 1,000 and 50.
    monkeypatch.setattr(listing, "COUNT_LIMIT", 3)
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    made = sorted(make_case().number for _ in range(5))
    client = client_for(org["clerk"])

    def page(number: str) -> str:
        return client.get(queue_url("to_accept", sort="number", page=number)).content.decode()

    first, second, third = page("1"), page("2"), page("3")

    assert numbers(first) == made[:2]
    assert '<span class="count">3+</span>' in first
    assert "page 1 of 2+ · more than 3 cases" in first
    assert 'rel="next"' in first
    # Asking for a later page counts further, so the next one is always offered...
    assert numbers(second) == made[2:4]
    assert "page 2 of 2+ · more than 4 cases" in second
    assert 'rel="next"' in second
    # ...and once the end is within reach the total is exact again.
    assert numbers(third) == made[4:]
    assert "page 3 of 3 · 5 cases" in third
    assert 'rel="next"' not in third


def test_the_search_still_counts_exactly(
    org: dict[str, Any], make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "COUNT_LIMIT", 3)
    for _ in range(5):
        make_case()

    html = client_for(org["clerk"]).get(reverse("workbench:search") + "?status=registered")

    assert "5 cases found" in html.content.decode()


def test_an_htmx_sort_or_filter_swaps_only_the_list(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()

    html = client_for(org["clerk"]).get(queue_url("to_accept"), **HTMX_LIST).content.decode()

    assert html.startswith('<div id="case-list"')
    assert numbers(html) == [case.number]
    assert "queue-nav" not in html and "<html" not in html


# --- acting refreshes the actor's counts ----------------------------------------------------------


def test_after_acting_on_a_case_the_actors_counts_are_counted_again(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    client = client_for(org["clerk"])
    client.get(reverse("workbench:queue_counts"))
    assert queues.peek_counts(org["clerk"]) == nothing(org["clerk"]) | {"to_accept": 1}

    client.post(act_url(case, "accept"), form_data("accept", case))

    assert queues.peek_counts(org["clerk"]) is None
    html = client.get(reverse("workbench:queue_counts")).content.decode()
    assert (badges(html)["to_accept"], badges(html)["to_dispatch"]) == ("0", "1")


# --- the same queries whatever the number of rows ------------------------------------------------


@pytest.mark.parametrize("username", ["clerk", "unit_a_handler"])
def test_a_queue_page_costs_the_same_queries_for_one_row_and_for_fifty(
    org: dict[str, Any], make_case: MakeCase, username: str, django_assert_num_queries: Any
) -> None:
    client = client_for(org[username])
    advance(make_case(), org, "handling", NOW)
    client.get(queue_url("in_progress"))  # the session and the caches are warm
    # session, user, roles, count, rows, the user's display name, the unread notifications (the
    # bell), the unit and category filters
    with django_assert_num_queries(9):
        one = client.get(queue_url("in_progress")).content.decode()

    for _ in range(49):
        advance(make_case(), org, "handling", NOW)
    with django_assert_num_queries(9):
        fifty = client.get(queue_url("in_progress")).content.decode()

    assert (len(numbers(one)), len(numbers(fifty))) == (1, 50)


def test_the_list_swap_and_the_counts_cost_a_fixed_number_of_queries(
    org: dict[str, Any], make_case: MakeCase, django_assert_num_queries: Any
) -> None:
    for _ in range(5):
        make_case()
    client = client_for(org["clerk"])
    client.get(queue_url("to_accept"))

    with django_assert_num_queries(7):  # the page's queries less the header's display name
        client.get(queue_url("to_accept"), **HTMX_LIST)
    with django_assert_num_queries(4):
        client.get(reverse("workbench:queue_counts"))
    with django_assert_num_queries(3):  # cached now: the session, the user and the roles only
        client.get(reverse("workbench:queue_counts"))
