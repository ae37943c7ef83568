"""通报批评 and 效能告诫: issued by a centre's director or deputy through the API, deducted in the
month they were issued, listed per unit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import time_machine
from django.test import Client

from tests.api.helpers import Response, post_json
from tests.workflow.helpers import shanghai
from tousu.assessment.models import Sanction
from tousu.cases.models import Case

from .helpers import NOVEMBER, OCTOBER, make_scheme, scores

Api = Callable[[str], Client]


def _issue(api: Client, unit: str, body: dict[str, object]) -> Response:
    return post_json(api, f"/units/{unit}/sanctions", body)


def test_a_warning_in_october_costs_october_and_not_november(
    api_as: Api, october: dict[str, Case]
) -> None:
    """Base 100, −5 per circular of criticism, −10 per efficiency warning. The director warns
    unit A on 20 October: A 90.00 in October (rank 2), 100.00 in November (it holds two cases
    past their due time: it has work in November; unit B has none and is not ranked)."""
    make_scheme(
        date(2026, 10, 1),
        base="100",
        deductions=[("criticism", "5", None), ("warning", "10", None)],
    )
    with time_machine.travel(shanghai(2026, 10, 20, 15), tick=False):
        response = _issue(
            api_as("director"),
            "unit-a",
            {"kind": "warning", "reason": "推诿扯皮", "cases": [october["returned"].pk]},
        )
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "unit": "unit-a",
        "kind": "warning",
        "issued_at": "2026-10-20T15:00:00+08:00",
        "issued_by": "director",
        "reason": "推诿扯皮",
        "cases": [october["returned"].pk],
        "number": "",
    }
    assert scores(*OCTOBER) == {"unit-b": (100.0, 1), "unit-a": (90.0, 2)}
    assert scores(*NOVEMBER) == {"unit-a": (100.0, 1), "unit-b": (None, None)}


def test_a_criticism_on_the_first_of_november_counts_in_november(
    api_as: Api, october: dict[str, Case]
) -> None:
    """00:30 on 1 November in Shanghai is still 31 October in UTC: the centre's month counts.
    Unit B had no case in November, but a sanction is something to assess: it is scored."""
    make_scheme(date(2026, 10, 1), base="100", deductions=[("criticism", "5", None)])
    with time_machine.travel(shanghai(2026, 11, 1, 0, 30), tick=False):
        response = _issue(api_as("deputy"), "unit-b", {"kind": "criticism", "reason": "逾期"})
    assert response.status_code == 201
    assert scores(*OCTOBER) == {"unit-a": (100.0, 1), "unit-b": (100.0, 1)}
    assert scores(*NOVEMBER) == {"unit-a": (100.0, 1), "unit-b": (95.0, 2)}


def test_the_units_sanctions_are_listed_newest_first(
    api_as: Api, org: dict[str, object], october: dict[str, Case]
) -> None:
    for day, kind in ((12, "criticism"), (26, "warning")):
        with time_machine.travel(shanghai(2026, 10, day), tick=False):
            issued = _issue(api_as("director"), "unit-a", {"kind": kind, "reason": "x"})
        assert issued.status_code == 201
    with time_machine.travel(shanghai(2026, 11, 2), tick=False):
        listed = api_as("unit_a_leader").get("/api/v1/units/unit-a/sanctions").json()["items"]
        other = api_as("unit_b_leader").get("/api/v1/units/unit-a/sanctions")
    assert [(s["kind"], s["issued_at"]) for s in listed] == [
        ("warning", "2026-10-26T10:00:00+08:00"),
        ("criticism", "2026-10-12T10:00:00+08:00"),
    ]
    assert other.status_code == 404
    assert Sanction.objects.count() == 2
