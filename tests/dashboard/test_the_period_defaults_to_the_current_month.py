"""Without a period the dashboard shows the current month (the centre's local date: the 2nd of
November 2026 here); quick links give this month, last month and this year, keeping the other
filters; half a period is completed by its month."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tousu.workbench.views.dashboard_data import buckets
from tousu.workbench.views.dashboard_filters import default_period

from .helpers import client_for, dashboard_url

Org = dict[str, Any]


def test_no_period_is_the_current_month(org: Org) -> None:
    response = client_for(org["director"]).get(dashboard_url())
    assert response.status_code == 200
    assert response.context["period"] == (date(2026, 11, 1), date(2026, 11, 30))
    html = response.content.decode()
    assert '<span class="count" id="dashboard-period">2026-11-01 – 2026-11-30</span>' in html
    assert 'id="id_from" value="2026-11-01"' in html


def test_the_quick_links_keep_the_other_filters(org: Org) -> None:
    response = client_for(org["director"]).get(dashboard_url(kind="complaint"))
    links = {q.key: (q.url, q.current) for q in response.context["quick_periods"]}
    assert links == {
        "this-month": ("/dashboard/?from=2026-11-01&to=2026-11-30&kind=complaint", True),
        "last-month": ("/dashboard/?from=2026-10-01&to=2026-10-31&kind=complaint", False),
        "this-year": ("/dashboard/?from=2026-01-01&to=2026-12-31&kind=complaint", False),
    }


@pytest.mark.parametrize(
    ("start", "end", "period"),
    [
        (None, None, (date(2026, 11, 1), date(2026, 11, 30))),
        (date(2026, 2, 10), None, (date(2026, 2, 10), date(2026, 2, 28))),
        (None, date(2024, 2, 10), (date(2024, 2, 1), date(2024, 2, 10))),
        (date(2026, 1, 5), date(2026, 3, 7), (date(2026, 1, 5), date(2026, 3, 7))),
    ],
)
def test_half_a_period_is_completed_by_its_month(
    start: date | None, end: date | None, period: tuple[date, date]
) -> None:
    assert default_period(start, end, date(2026, 11, 2)) == period


def test_the_trend_is_per_day_up_to_two_months_then_per_month() -> None:
    assert len(buckets(date(2026, 10, 1), date(2026, 11, 30))) == 61
    months = buckets(date(2026, 1, 15), date(2026, 3, 31))
    assert [(b.start, b.end, b.label) for b in months] == [
        (date(2026, 1, 15), date(2026, 1, 31), "2026-01"),
        (date(2026, 2, 1), date(2026, 2, 28), "2026-02"),
        (date(2026, 3, 1), date(2026, 3, 31), "2026-03"),
    ]
