"""Bad filters never make a 500: the page answers 400 and shows the error beside the field it
names (the API's parameters and the API's words), and the drill-down list likewise."""

from __future__ import annotations

from typing import Any

import pytest

from tousu.cases.models import Case

from .helpers import OCTOBER, cases_url, client_for, dashboard_url

Org = dict[str, Any]


def test_a_bad_from_is_a_400_on_the_from_field(org: Org) -> None:
    response = client_for(org["director"], "en").get(dashboard_url(**{"from": "2026-13-01"}))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["from"]
    html = response.content.decode()
    assert (
        'id="id_from" value="2026-13-01" aria-invalid="true" aria-describedby="id_from_errors"'
        in (html)
    )
    assert '<span class="error" id="id_from_errors">Enter a valid date.</span>' in html
    assert response.context["tables"] == []
    assert 'id="dashboard-charts"' not in html


def test_to_before_from_is_a_400_on_the_to_field(org: Org) -> None:
    response = client_for(org["director"], "en").get(
        dashboard_url(**{"from": "2026-10-31", "to": "2026-10-01"})
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"to": ["`to` must not be before `from`"]}


def test_a_period_longer_than_ten_years_is_refused(org: Org) -> None:
    response = client_for(org["director"], "en").get(
        dashboard_url(**{"from": "2000-01-01", "to": "2026-10-01"})
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "to": ["the period must not be longer than ten years"]
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("centre", "nowhere", "no unit has this code"),
        ("category", "nothing", "no category has this code"),
        ("channel", "pigeon", "Select a valid choice. pigeon is not one of the available choices."),
        ("kind", "rumour", "Select a valid choice. rumour is not one of the available choices."),
        ("severity", "dire", "Select a valid choice. dire is not one of the available choices."),
    ],
)
def test_an_unknown_filter_is_a_400_naming_it(
    org: Org, october: dict[str, Case], field: str, value: str, message: str
) -> None:
    response = client_for(org["director"], "en").get(dashboard_url(**OCTOBER, **{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert f'id="id_{field}_errors">{message}</span>' in response.content.decode()


def test_an_unknown_centre_in_an_export_is_a_400(org: Org, october: dict[str, Case]) -> None:
    response = client_for(org["director"]).get(
        dashboard_url(**OCTOBER, centre="nowhere", export="league")
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({}, {"list": ["This field is required."]}),
        ({"list": "everything"}, {"list": ["is not a figure that can be listed"]}),
        ({"list": "completed"}, {"unit": ["is required to list a unit's figure"]}),
        ({"list": "completed", "unit": "nowhere"}, {"unit": ["no unit has this code"]}),
        ({"list": "received", "from": "yesterday"}, {"from": ["Enter a valid date."]}),
    ],
)
def test_a_bad_drill_down_is_a_400_naming_the_field(
    org: Org, october: dict[str, Case], params: dict[str, str], errors: dict[str, list[str]]
) -> None:
    response = client_for(org["director"], "en").get(cases_url(**params))
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert f"<code>{next(iter(errors))}</code>" in response.content.decode()
