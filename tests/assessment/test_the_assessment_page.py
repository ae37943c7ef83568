"""The workbench's 考核 page: the month's ranking with the change since last month, the scheme it
is scored by, each unit's history; a unit leader sees their own row and history only; the page
needs nothing a strict CSP blocks, and its queries do not grow with the number of units."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.stats.history import NOW
from tests.workbench.search_helpers import client_for, counting_queries
from tests.workbench.test_csp import inline_code
from tests.workflow.helpers import shanghai
from tousu.assessment import ranking
from tousu.cases.models import Case
from tousu.orgs.models import Unit, UnitKind
from tousu.orgs.staff import invalidate_unit_tree

from .helpers import october_scheme, work_done

URL = reverse("workbench:assessment")
EN = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def _the_clock_on_the_2nd_of_november() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _lines(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    return [
        (line.row.unit, line.row.score, line.row.rank, line.change)
        for line in response.context["lines"]
    ]


def test_the_director_sees_last_month_ranked_with_the_change_of_rank(
    org: dict[str, Any], make_case: Callable[..., Case], october: dict[str, Case]
) -> None:
    """October by default (the last month over). In September both units had 100.00 under the
    default scheme (rank 1: A was sent a case, B completed one on time); in October B stays
    first (0) and A drops to second (−1)."""
    work_done(org, make_case, "unit-b", shanghai(2026, 9, 29))
    october_scheme()
    response = client_for(org["director"]).get(URL, headers=EN)
    assert response.context["month_label"] == "2026-10"
    assert _lines(response) == [("unit-b", 100.0, 1, 0), ("unit-a", 71.0, 2, -1)]
    html = response.content.decode()
    assert "Computed now: not frozen yet (months are frozen on day 5 of the next month)." in html
    assert "2026年10月方案" in html
    assert [rule.label for rule in response.context["deductions"]] == [
        "late completion (completed − completed on time)",
        "returned case",
        "result sent back for rework",
        "case held past its due time when the ranking is computed",
    ]
    assert inline_code(html) == []


def test_a_frozen_month_says_so(
    org: dict[str, Any], make_case: Callable[..., Case], october: dict[str, Case]
) -> None:
    work_done(org, make_case, "unit-b", shanghai(2026, 9, 29))
    october_scheme()
    ranking.freeze(date(2026, 10, 1), NOW)
    response = client_for(org["analyst"]).get(f"{URL}?month=2026-10", headers=EN)
    assert (
        "Frozen on 2026-11-02 10:00: this ranking no longer changes." in response.content.decode()
    )
    assert _lines(response) == [("unit-b", 100.0, 1, 0), ("unit-a", 71.0, 2, -1)]


def test_a_unit_leader_sees_their_own_row_and_history_only(
    org: dict[str, Any], make_case: Callable[..., Case], october: dict[str, Case]
) -> None:
    """Unit A's rank is among all units: second in November so far (99.00) to unit B, which
    completed a case on 2 November (100.00)."""
    work_done(org, make_case, "unit-b", shanghai(2026, 11, 2, 9))
    october_scheme()
    leader = client_for(org["unit_a_leader"])
    assert _lines(leader.get(URL)) == [("unit-a", 71.0, 2, -1)]
    own = leader.get(reverse("workbench:assessment_unit", args=["unit-a"]))
    assert own.status_code == 200
    assert [(label, m.score, m.rank) for label, m in own.context["history"]][:2] == [
        ("2026-11", 99.0, 2),
        ("2026-10", 71.0, 2),
    ]
    assert leader.get(reverse("workbench:assessment_unit", args=["unit-b"])).status_code == 404
    assert inline_code(own.content.decode()) == []


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("director", 200),
        ("deputy", 200),
        ("analyst", 200),
        ("supervisor", 200),
        ("admin", 200),
        ("unit_b_leader", 200),
        ("unit_a_handler", 403),
        ("clerk", 403),
        ("nobody", 403),
    ],
)
def test_who_may_open_the_page_and_sees_it_in_the_navigation(
    org: dict[str, Any], username: str, status: int
) -> None:
    client = client_for(org[username])
    assert client.get(URL).status_code == status
    home = client.get(reverse("workbench:home")).content.decode()
    assert (f'href="{URL}"' in home) is (status == 200)


def test_anonymous_users_are_sent_to_log_in(db: Any) -> None:
    response = Client().get(URL)
    assert (response.status_code, response["Location"].startswith("/login/")) == (302, True)


def test_the_queries_do_not_grow_with_the_units(
    org: dict[str, Any], october: dict[str, Case]
) -> None:
    october_scheme()
    client = client_for(org["director"])
    client.get(URL)
    with counting_queries() as two:
        client.get(URL)
    for n in range(5):
        Unit.objects.create(code=f"unit-x{n}", name=f"单位{n}", kind=UnitKind.DEPARTMENT)
    invalidate_unit_tree()
    client.get(URL)
    with counting_queries() as seven:
        response = client.get(URL)
    assert len(response.context["lines"]) == 7
    assert len(seven.captured_queries) == len(two.captured_queries)
