"""The reference endpoints (/me, /units, /categories) and the OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import API, get

ApiAs = Callable[[str], Client]


def test_me_tells_the_clerk_their_roles_and_units(org: dict[str, Any], api_as: ApiAs) -> None:
    response = get(api_as("clerk"), "/me")

    assert response.status_code == 200
    assert response.json() == {
        "username": "clerk",
        "roles": ["clerk", "dispatcher"],
        "units": [{"code": "centre", "name": "市12345热线中心"}],
    }


@pytest.mark.parametrize(
    ("username", "roles", "units"),
    [
        ("unit_a_handler", ["handler"], [{"code": "unit-a", "name": "市住房和城乡建设局"}]),
        ("unit_b_leader", ["unit_leader"], [{"code": "unit-b", "name": "市市场监督管理局"}]),
        ("station_clerk", ["clerk"], [{"code": "station-east", "name": "东城区投诉站"}]),
        ("director", ["director"], [{"code": "centre", "name": "市12345热线中心"}]),
        ("nobody", [], []),
    ],
)
def test_me_for_other_users(
    org: dict[str, Any], api_as: ApiAs, username: str, roles: list[str], units: list[Any]
) -> None:
    response = get(api_as(username), "/me")

    assert response.json() == {"username": username, "roles": roles, "units": units}


def test_me_for_the_administrator_includes_the_admin_role(
    org: dict[str, Any], api_as: ApiAs
) -> None:
    body = get(api_as("admin"), "/me").json()

    assert body["username"] == "admin"
    assert "admin" in body["roles"]


def test_units_lists_every_active_unit_with_its_parent(org: dict[str, Any], api_as: ApiAs) -> None:
    response = get(api_as("unit_a_handler"), "/units")

    assert response.status_code == 200
    rows = response.json()
    assert all({"code", "name", "parent"} <= set(row) for row in rows)
    assert sorted(({r["code"]: (r["name"], r["parent"]) for r in rows}).items()) == [
        ("centre", ("市12345热线中心", None)),
        ("station-east", ("东城区投诉站", "centre")),
        ("unit-a", ("市住房和城乡建设局", None)),
        ("unit-b", ("市市场监督管理局", None)),
    ]


def test_an_inactive_unit_is_not_listed(org: dict[str, Any], api_as: ApiAs) -> None:
    org["unit_b"].is_active = False
    org["unit_b"].save(update_fields=["is_active"])

    codes = [row["code"] for row in get(api_as("clerk"), "/units").json()]

    assert "unit-b" not in codes
    assert "unit-a" in codes


def test_categories_list_codes_names_and_parents(org: dict[str, Any], api_as: ApiAs) -> None:
    response = get(api_as("clerk"), "/categories")

    assert response.status_code == 200
    rows = response.json()
    assert all(set(row) >= {"code", "name", "parent"} for row in rows)
    assert sorted((r["code"], r["name"], r["parent"]) for r in rows) == [
        ("food", "食品安全", None),
        ("housing", "住房", None),
        ("property", "物业管理", "housing"),
    ]


def test_the_openapi_document_is_served_and_describes_the_case_endpoints(
    org: dict[str, Any],
) -> None:
    response = Client().get(f"{API}/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    for path in (
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/categories",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/events",
        "/api/v1/cases/{case_id}/actions/{verb}",
    ):
        assert path in document["paths"], path
    assert "post" in document["paths"]["/api/v1/cases"]
    assert "get" in document["paths"]["/api/v1/cases"]


def test_the_openapi_document_names_the_case_body_fields_of_the_contract(
    org: dict[str, Any],
) -> None:
    document = Client().get(f"{API}/openapi.json").json()

    schema = document["components"]["schemas"]["CaseIn"]
    assert {"kind", "channel", "title", "content", "complainant", "respondent"} <= set(
        schema["properties"]
    )
    assert set(schema["required"]) == {"kind", "channel", "title", "content"}
