"""Bonus items: adjustments per unit and month, entered by the director (API) or in the admin;
counted in their month only, and refused for a month whose ranking is frozen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.api.helpers import post_json
from tests.stats.history import NOW
from tests.workflow.helpers import shanghai
from tousu.assessment import ranking
from tousu.assessment.models import Adjustment
from tousu.cases.models import Case

from .helpers import NOVEMBER, OCTOBER, make_scheme, scores, work_done

Api = Callable[[str], Client]


def test_bonus_points_are_added_in_their_month(
    api_as: Api,
    client: Client,
    org: dict[str, Any],
    make_case: Callable[..., Case],
    october: dict[str, Case],
) -> None:
    """Base 100 and nothing else. October: unit B +5 (the director, API), unit A +2.5 (the
    administrator, admin) → B 105.00 first, A 102.50 second. November (B completed a case on
    2 November; A holds two cases past their due time): B's +5 is gone → 100.00; A −1 → 99.00."""
    work_done(org, make_case, "unit-b", shanghai(2026, 11, 2, 9))
    make_scheme(date(2026, 10, 1), base="100")
    with time_machine.travel(NOW, tick=False):
        director = api_as("director")
        made = post_json(
            director,
            "/units/unit-b/adjustments",
            {"month": "2026-10", "points": 5, "reason": "获省级表彰"},
        )
        november = post_json(
            director,
            "/units/unit-a/adjustments",
            {"month": "2026-11", "points": -1, "reason": "会议缺席"},
        )
        client.force_login(org["admin"])
        admin_form = client.post(
            "/admin/assessment/adjustment/add/",
            {"unit": org["unit_a"].pk, "month": "2026-10-15", "points": "2.5", "reason": "创新"},
        )
    assert (made.status_code, november.status_code, admin_form.status_code) == (201, 201, 302)
    body = made.json()
    assert body == {
        "id": body["id"],
        "unit": "unit-b",
        "month": "2026-10",
        "points": 5.0,
        "reason": "获省级表彰",
        "entered_by": "director",
        "entered_at": "2026-11-02T10:00:00+08:00",
    }
    by_admin = Adjustment.objects.get(unit=org["unit_a"], month=date(2026, 10, 1))
    assert (by_admin.entered_by, by_admin.points) == (org["admin"], Decimal("2.50"))
    assert scores(*OCTOBER) == {"unit-b": (105.0, 1), "unit-a": (102.5, 2)}
    assert scores(*NOVEMBER) == {"unit-b": (100.0, 1), "unit-a": (99.0, 2)}


def test_an_adjustment_to_a_frozen_month_is_refused_and_nothing_is_written(
    api_as: Api, client: Client, org: dict[str, Any], october: dict[str, Case]
) -> None:
    make_scheme(date(2026, 10, 1), base="100")
    ranking.freeze(date(2026, 10, 1), NOW)
    with time_machine.travel(NOW, tick=False):
        refused = post_json(
            api_as("director"),
            "/units/unit-b/adjustments",
            {"month": "2026-10", "points": 5, "reason": "获省级表彰"},
        )
        client.force_login(org["admin"])
        admin_form = client.post(
            "/admin/assessment/adjustment/add/",
            {"unit": org["unit_a"].pk, "month": "2026-10-01", "points": "2", "reason": "创新"},
            headers={"Accept-Language": "en"},
        )
    assert refused.status_code == 422
    assert list(refused.json()["error"]["fields"]) == ["month"]
    assert admin_form.status_code == 200
    assert (
        "The ranking of 2026-10 is frozen: enter the adjustment in a month not yet frozen."
        in admin_form.content.decode()
    )
    assert not Adjustment.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"month": "2026-12", "points": 5, "reason": "表彰"}, "month"),
        ({"month": "2026-13", "points": 5, "reason": "表彰"}, "month"),
        ({"month": "2026-10", "points": 0, "reason": "表彰"}, "points"),
        ({"month": "2026-10", "points": 1.005, "reason": "表彰"}, "points"),
        ({"month": "2026-10", "points": 1001, "reason": "表彰"}, "points"),
        ({"month": "2026-10", "points": 5, "reason": ""}, "reason"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    api_as: Api, october: dict[str, Case], body: dict[str, Any], field: str
) -> None:
    with time_machine.travel(NOW, tick=False):
        response = post_json(api_as("director"), "/units/unit-a/adjustments", body)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]
    assert not Adjustment.objects.exists()
