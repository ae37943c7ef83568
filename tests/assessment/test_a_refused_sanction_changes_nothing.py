"""Only a centre's director or deputy issues sanctions: anyone else gets 403 and nothing is
written; bad input is a 422 naming the field, and nothing is written either."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.api.helpers import post_json
from tests.stats.history import NOW
from tousu.assessment.models import Adjustment, Sanction
from tousu.cases.models import Case, CaseEvent

Api = Callable[[str], Client]


@pytest.fixture(autouse=True)
def _the_clock_on_the_2nd_of_november() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _counts() -> tuple[int, int, int]:
    return Sanction.objects.count(), Adjustment.objects.count(), CaseEvent.objects.count()


@pytest.mark.parametrize(
    "username", ["unit_a_handler", "unit_a_leader", "analyst", "supervisor", "clerk", "admin"]
)
def test_anyone_but_a_director_or_deputy_is_refused(
    api_as: Api, october: dict[str, Case], username: str
) -> None:
    before = _counts()
    response = post_json(
        api_as(username),
        "/units/unit-a/sanctions",
        {"kind": "warning", "reason": "推诿", "cases": [october["returned"].pk]},
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert _counts() == before


@pytest.mark.parametrize("username", ["unit_a_handler", "unit_a_leader", "analyst"])
def test_adjustments_are_refused_to_the_same_people(
    api_as: Api, october: dict[str, Case], username: str
) -> None:
    before = _counts()
    response = post_json(
        api_as(username),
        "/units/unit-a/adjustments",
        {"month": "2026-11", "points": 5, "reason": "表彰"},
    )
    assert response.status_code == 403
    assert _counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "reprimand", "reason": "推诿"}, "kind"),
        ({"kind": "warning", "reason": ""}, "reason"),
        ({"kind": "warning", "reason": "推诿", "cases": [999999]}, "cases"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    api_as: Api, october: dict[str, Case], body: dict[str, Any], field: str
) -> None:
    before = _counts()
    response = post_json(api_as("director"), "/units/unit-a/sanctions", body)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]
    assert _counts() == before


def test_a_centre_or_an_unknown_unit_cannot_be_sanctioned(
    api_as: Api, october: dict[str, Case]
) -> None:
    director = api_as("director")
    for code in ("centre", "no-such-unit"):
        response = post_json(
            director, f"/units/{code}/sanctions", {"kind": "warning", "reason": "x"}
        )
        assert response.status_code == 404, code
    assert _counts()[0] == 0
