"""The dashboard, its exports and its lists read aggregates, never a query per case or per day:
the same number of queries for one month walked once or three times, and never many."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.stats.history import walk
from tests.workbench.search_helpers import counting_queries
from tousu.cases.models import Case

from .helpers import OCTOBER, cases_url, client_for, dashboard_url

Org = dict[str, Any]
MakeCase = Callable[..., Case]

# The page (40 today): the session and the user's roles (3), the statistics' progress with
# nothing new to count (6), the summary and its comparisons (15), the trend (1), the units'
# figures (3), their scores and ranks (the assessment's, 8), the overdue cases by severity (1),
# the filter form's options (2), the header (2). A list (13-14): the same first 9, the count and
# the page of cases, a unit's name, the header.
PAGE_QUERIES = 45
LIST_QUERIES = 16


def _counted(client: Any, url: str) -> int:
    client.get(url)  # count the new events and warm the caches first
    with counting_queries() as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("director", dashboard_url(**OCTOBER)),
        ("director", dashboard_url(**{"from": "2026-01-01", "to": "2026-12-31"})),
        ("director", dashboard_url(**OCTOBER, export="league")),
        ("unit_a_leader", dashboard_url(**OCTOBER)),
        ("director", cases_url(**OCTOBER, list="received")),
        ("director", cases_url(**OCTOBER, list="completed", unit="unit-a")),
        ("unit_a_leader", cases_url(**OCTOBER, list="assigned", unit="unit-a")),
    ],
    ids=["month", "year", "export", "unit-leader", "list", "unit-list", "unit-leaders-list"],
)
def test_the_same_queries_for_three_times_the_cases(
    org: Org, make_case: MakeCase, username: str, url: str
) -> None:
    client = client_for(org[username])
    walk(org, make_case)
    once = _counted(client, url)
    walk(org, make_case)
    walk(org, make_case)
    assert _counted(client, url) == once
    assert once <= (LIST_QUERIES if "/cases/" in url else PAGE_QUERIES)


def test_the_page_stays_under_its_bound(
    org: Org, make_case: MakeCase, django_assert_max_num_queries: Any
) -> None:
    walk(org, make_case)
    client = client_for(org["director"])
    client.get(dashboard_url(**OCTOBER))
    with django_assert_max_num_queries(PAGE_QUERIES):
        client.get(dashboard_url(**OCTOBER))
    client.get(cases_url(**OCTOBER, list="received"))
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(cases_url(**OCTOBER, list="received"))
