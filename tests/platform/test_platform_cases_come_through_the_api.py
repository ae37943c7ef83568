"""A higher platform 上级平台 hands cases over through the API with its own token: channel
`platform`, its `external_id`, and an `Idempotency-Key`. The same case pushed twice is one case."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import API, case_body, create, db_state, error_of, invalid
from tests.conftest import MONDAY
from tousu.api.models import ApiToken
from tousu.cases.models import Case, CaseEvent


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


@pytest.fixture
def platform(org: dict[str, Any]) -> Client:
    """The province's platform: an account with intake rights at the centre, a platform token."""
    _row, secret = ApiToken.issue(org["intake_only"], name="province", platform=True)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def handed_over(**overrides: Any) -> dict[str, Any]:
    return case_body(channel="platform", external_id="SJ-2026-000042", **overrides)


def test_the_platform_registers_a_case_with_its_id(
    org: dict[str, Any], platform: Client, clock: TimeMachineFixture
) -> None:
    response = create(platform, **handed_over())

    assert response.status_code == 201, response.content
    case = Case.objects.get()
    assert (case.channel, case.external_id, case.registered_by) == (
        "platform",
        "SJ-2026-000042",
        org["intake_only"],
    )


def test_the_same_case_pushed_again_returns_the_first_with_200(
    org: dict[str, Any], platform: Client, clock: TimeMachineFixture
) -> None:
    first = create(platform, **handed_over())

    again = create(platform, **handed_over(title="电梯故障(重发)"))

    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["title"] == "小区电梯长期故障无人维修"  # the first one's, unchanged
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1


def test_the_same_case_pushed_again_with_its_idempotency_key_is_one_case(
    org: dict[str, Any], platform: Client, clock: TimeMachineFixture
) -> None:
    headers = {"Idempotency-Key": "push-SJ-2026-000042-1"}
    body = json.dumps(handed_over())
    first = platform.post(API + "/cases", body, content_type="application/json", headers=headers)
    again = platform.post(API + "/cases", body, content_type="application/json", headers=headers)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Case.objects.count() == 1


def test_another_token_may_not_register_platform_cases(
    org: dict[str, Any], api_as: Any, clock: TimeMachineFixture
) -> None:
    before = db_state()

    response = create(api_as("clerk"), **handed_over())

    assert error_of(response, 403)["code"] == "forbidden"
    assert db_state() == before


def test_a_platform_token_registers_platform_cases_only(
    org: dict[str, Any], platform: Client, clock: TimeMachineFixture
) -> None:
    before = db_state()

    response = create(platform, channel="phone")

    invalid(response, "channel")
    assert db_state() == before


def test_a_platform_case_needs_the_platforms_id(
    org: dict[str, Any], platform: Client, clock: TimeMachineFixture
) -> None:
    before = db_state()

    for missing in ({}, {"external_id": None}, {"external_id": "  "}):
        body = case_body(channel="platform", **missing)
        invalid(create(platform, **body), "external_id")
    assert db_state() == before


def test_open311_cases_come_only_through_open311(
    org: dict[str, Any], api_as: Any, clock: TimeMachineFixture
) -> None:
    before = db_state()

    response = create(api_as("clerk"), channel="open311")

    invalid(response, "channel")
    assert db_state() == before


def test_an_external_id_of_a_case_the_caller_cannot_see_is_refused_without_showing_it(
    org: dict[str, Any], platform: Client, api_as: Any, clock: TimeMachineFixture
) -> None:
    create(platform, **handed_over())
    # The same id pushed by another platform account, one of the walk-in station's clerks.
    _row, secret = ApiToken.issue(org["station_clerk"], platform=True)
    station = Client(headers={"Authorization": f"Bearer {secret}"})
    before = db_state()

    response = create(station, **handed_over(centre="station-east"))

    error = invalid(response, "external_id")
    assert "小区电梯" not in json.dumps(error, ensure_ascii=False)
    assert db_state() == before
