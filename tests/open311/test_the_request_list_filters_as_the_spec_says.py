"""GET /requests with the specification's filters: service_request_id (overriding the others),
service_code, start_date and end_date (the last 90 days by default, 90 days at most), status
(open, closed); one query for the requests whatever their number."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import advance
from tests.conftest import MONDAY, new_case
from tests.open311.conftest import V2, spec_errors
from tousu.cases.models import Case
from tousu.cases.registration import register
from tousu.intake.open311.models import Service
from tousu.orgs.staff import system_user

DAY = timedelta(days=1)


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def reported(code: str, at: Any, n: int) -> Case:
    return register(
        new_case(channel="open311", category=code, title=code, external_id=f"t{n}"),
        actor=system_user(),
        now=at,
    )


@pytest.fixture
def requests(org: dict[str, Any], services: dict[str, Service]) -> dict[str, Case]:
    """Property today (closed), food today (open), property 100 days ago (open)."""
    closed = reported("property", MONDAY - timedelta(hours=1), 1)
    advance(closed, org, "closed", now=MONDAY - timedelta(minutes=30))
    return {
        "closed": closed,
        "open": reported("food", MONDAY - timedelta(minutes=20), 2),
        "old": reported("property", MONDAY - 100 * DAY, 3),
    }


def numbers(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["service_request_id"] for r in response.json()]


def listing(**params: str) -> Any:
    return Client().get(f"{V2}/requests.json", params)


def test_without_filters_the_last_90_days_newest_first(
    requests: dict[str, Case], clock: TimeMachineFixture
) -> None:
    assert numbers(listing()) == [requests["open"].number, requests["closed"].number]


def test_by_status(requests: dict[str, Case], clock: TimeMachineFixture) -> None:
    assert numbers(listing(status="closed")) == [requests["closed"].number]
    assert numbers(listing(status="open")) == [requests["open"].number]
    assert len(numbers(listing(status="open,closed"))) == 2
    closed = listing(status="closed").json()[0]
    assert closed["status"] == "closed"
    assert closed["expected_datetime"] is None


def test_by_service_code(requests: dict[str, Case], clock: TimeMachineFixture) -> None:
    assert numbers(listing(service_code="food")) == [requests["open"].number]
    assert len(numbers(listing(service_code="food,property"))) == 2
    assert numbers(listing(service_code="housing")) == []


def test_by_dates(requests: dict[str, Case], clock: TimeMachineFixture) -> None:
    old = listing(start_date="2025-11-20T00:00:00+08:00", end_date="2026-01-01T00:00:00+08:00")
    assert numbers(old) == [requests["old"].number]
    # Only a start: 90 days from it; a naive time is the centre's local time.
    assert numbers(listing(start_date="2026-03-02T09:30:00")) == [requests["open"].number]
    assert numbers(listing(end_date="2026-03-02T09:30:00Z")) == [
        requests["open"].number,
        requests["closed"].number,
    ]


def test_request_ids_override_the_other_filters(
    requests: dict[str, Case], clock: TimeMachineFixture
) -> None:
    wanted = f"{requests['old'].number},{requests['closed'].number},nonsense"

    assert numbers(listing(service_request_id=wanted, status="open", service_code="food")) == [
        requests["closed"].number,
        requests["old"].number,
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "pending"}, "status"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2026-13-01"}, "end_date"),
        ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}, "start_date"),
        ({"start_date": "2026-03-02T00:00:00Z", "end_date": "2026-03-01T00:00:00Z"}, "end_date"),
        ({"service_request_id": ",".join(str(n) for n in range(101))}, "service_request_id"),
        ({"service_code": "food\x00"}, "service_code"),
    ],
    ids=[
        "status",
        "start-word",
        "end-month-13",
        "span-a-year",
        "end-before-start",
        "ids-101",
        "nul",
    ],
)
def test_a_bad_filter_is_a_400_naming_it(
    requests: dict[str, Case], clock: TimeMachineFixture, params: dict[str, str], field: str
) -> None:
    [problem] = spec_errors(listing(**params), 400)

    assert problem.startswith(field)


def test_the_list_costs_the_same_queries_for_few_requests_and_many(
    org: dict[str, Any],
    requests: dict[str, Case],
    clock: TimeMachineFixture,
    django_assert_num_queries: Any,
) -> None:
    with django_assert_num_queries(2):  # the requests, the services' location flags
        assert len(numbers(listing())) == 2
    for n in range(10):
        reported("food", MONDAY - timedelta(minutes=10 + n), 10 + n)
    with django_assert_num_queries(2):
        assert len(numbers(listing())) == 12


def test_the_list_stops_at_the_configured_most(
    requests: dict[str, Case], clock: TimeMachineFixture, settings: Any
) -> None:
    settings.TOUSU_OPEN311_MAX_REQUESTS = 1

    assert numbers(listing()) == [requests["open"].number]
