"""The cases behind a number are shown as every list of cases in the workbench: sortable by
column (htmx swaps the list alone), paginated by 50, newest first (the most overdue first for
the overdue cases)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.stats.history import walk
from tousu.cases.models import Case

from .helpers import OCTOBER, cases_url, client_for, numbers_listed

Org = dict[str, Any]


def test_sorting_keeps_the_same_cases(org: Org, october: dict[str, Case]) -> None:
    director = client_for(org["director"])
    url = cases_url(**OCTOBER, list="received")
    newest_first = numbers_listed(director, url)
    by_number = numbers_listed(director, url + "&sort=number&dir=asc")
    assert by_number == sorted(newest_first)
    assert len(by_number) == 6


def test_the_overdue_cases_come_most_overdue_first(org: Org, october: dict[str, Case]) -> None:
    listed = numbers_listed(
        client_for(org["director"]), cases_url(**OCTOBER, list="overdue_open", unit="unit-a")
    )
    # signed_off was due on 21 October, reopened on 23 October.
    assert listed == [october["signed_off"].number, october["reopened"].number]


def test_htmx_gets_the_list_alone(org: Org, october: dict[str, Case]) -> None:
    response = client_for(org["director"]).get(
        cases_url(**OCTOBER, list="received", sort="number", dir="desc"),
        headers={"HX-Request": "true", "HX-Target": "case-list"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="case-list" class="case-list">')
    assert "<html" not in html


def test_a_long_list_has_pages(org: Org, make_case: Callable[..., Case]) -> None:
    for _ in range(9):
        walk(org, make_case)
    director = client_for(org["director"])
    first = director.get(cases_url(**OCTOBER, list="received"))
    assert first.context["listing"].page.paginator.count == 54
    assert len(first.context["listing"].rows) == 50
    assert len(numbers_listed(director, cases_url(**OCTOBER, list="received"))) == 54
