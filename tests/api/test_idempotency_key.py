"""`Idempotency-Key` on POST /api/v1/cases: the same key again from the same user returns the
same case (200, not a second case); with another body it is refused (422); keys live
TOUSU_IDEMPOTENCY_KEY_HOURS and the worker prunes them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import API, case_body, db_state, error_of, invalid
from tests.conftest import MONDAY
from tousu.api.idempotency import prune
from tousu.api.models import IdempotencyKey
from tousu.cases.models import Case, CaseEvent

ApiAs = Callable[[str], Client]
KEY = "5f0c2a8e-1b7d-4c3e-9a61-0d2f4b8c7e15"


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def post(client: Client, body: Any, key: str | None = KEY) -> Any:
    headers = {} if key is None else {"Idempotency-Key": key}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(API + "/cases", data, content_type="application/json", headers=headers)


def test_the_same_key_again_returns_the_same_case_with_200(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")

    first = post(client, case_body())
    again = post(client, case_body())

    assert first.status_code == 201, first.content
    assert again.status_code == 200, again.content
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1
    row = IdempotencyKey.objects.get()
    assert (row.user, row.key, row.case_id) == (org["clerk"], KEY, first.json()["id"])


def test_the_same_body_spelled_differently_is_the_same_request(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")
    body = case_body()
    first = post(client, body)
    # Other key order, other spacing, and `null` for what was left out: the same request.
    respelled = json.dumps(dict(reversed(list(body.items())), facts=None), indent=4)

    again = post(client, respelled)

    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert Case.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_and_nothing_is_written(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")
    post(client, case_body())
    before = db_state()

    response = post(client, case_body(title="另一件事"))

    error = invalid(response, "Idempotency-Key")
    assert error["code"] == "idempotency_key_reused"
    assert db_state() == before
    assert IdempotencyKey.objects.count() == 1


def test_another_users_same_key_is_another_request(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    mine = post(api_as("clerk"), case_body())
    theirs = post(api_as("intake_only"), case_body())

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]
    assert Case.objects.count() == 2


def test_requests_without_a_key_are_not_deduplicated(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")

    assert post(client, case_body(), key=None).status_code == 201
    assert post(client, case_body(), key=None).status_code == 201
    assert Case.objects.count() == 2
    assert IdempotencyKey.objects.count() == 0


def test_a_refused_request_does_not_use_up_its_key(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")
    refused = post(client, case_body(category="no-such-category"))
    assert refused.status_code == 422

    accepted = post(client, case_body())

    assert accepted.status_code == 201, accepted.content
    assert IdempotencyKey.objects.get().case_id == accepted.json()["id"]


def test_a_key_past_its_hours_is_forgotten_and_makes_a_new_case(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture, settings: Any
) -> None:
    settings.TOUSU_IDEMPOTENCY_KEY_HOURS = 24
    client = api_as("clerk")
    first = post(client, case_body())
    clock.move_to(MONDAY + timedelta(hours=23, minutes=59))
    assert post(client, case_body()).status_code == 200

    clock.move_to(MONDAY + timedelta(hours=24))
    later = post(client, case_body())

    assert later.status_code == 201, later.content
    assert later.json()["id"] != first.json()["id"]
    assert list(IdempotencyKey.objects.values_list("case_id", flat=True)) == [later.json()["id"]]


def test_the_worker_prunes_the_keys_past_their_hours(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture, settings: Any
) -> None:
    settings.TOUSU_IDEMPOTENCY_KEY_HOURS = 24
    client = api_as("clerk")
    post(client, case_body(), key="old")
    clock.move_to(MONDAY + timedelta(hours=12))
    post(client, case_body(title="新的"), key="new")

    assert prune(MONDAY + timedelta(hours=24)) == 1

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert Case.objects.count() == 2  # the cases stay


@pytest.mark.parametrize(
    "key",
    ["", " ", "x" * 201, "schlüssel", "two words"],
    ids=["empty", "blank", "long", "umlaut", "space"],
)
def test_a_malformed_key_is_refused_naming_the_header(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture, key: str
) -> None:
    before = db_state()

    response = post(api_as("clerk"), case_body(), key=key)

    invalid(response, "Idempotency-Key")
    assert db_state() == before


def test_a_replayed_case_is_still_subject_to_the_callers_rights(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    # A key of someone who may not register: refused as without a key, nothing kept.
    response = post(api_as("unit_a_handler"), case_body())

    assert error_of(response, 403)["code"] == "forbidden"
    assert IdempotencyKey.objects.count() == 0
    assert Case.objects.count() == 0
