"""Every endpoint needs a valid bearer token of an active user; anything else is a 401."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.helpers import API, case_body, db_state, error_of, post_json, token_client
from tousu.api.models import ApiToken, hash_token
from tousu.cases.models import Case

UNAUTHENTICATED = "unauthenticated"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer tsu_this-token-was-never-issued"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic Y2xlcms6VG91c3UyMDI2IQ=="},
        {"Authorization": "tsu_no-scheme-given"},
    ],
    ids=["no-header", "unknown-token", "empty-token", "scheme-only", "basic-auth", "no-scheme"],
)
def test_a_request_without_a_valid_bearer_token_is_refused_with_401(
    org: dict[str, Any], headers: dict[str, str]
) -> None:
    response = Client(headers=headers).get(f"{API}/me")

    error = error_of(response, 401)
    assert error["code"] == UNAUTHENTICATED
    assert error["fields"] == {}


def test_a_token_that_differs_from_an_issued_one_by_one_character_is_refused(
    org: dict[str, Any],
) -> None:
    _row, secret = ApiToken.issue(org["clerk"])
    tampered = secret[:-1] + ("A" if secret[-1] != "A" else "B")

    response = Client(headers={"Authorization": f"Bearer {tampered}"}).get(f"{API}/me")

    assert error_of(response, 401)["code"] == UNAUTHENTICATED


def test_a_revoked_token_is_refused(org: dict[str, Any]) -> None:
    row, secret = ApiToken.issue(org["clerk"])
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    assert client.get(f"{API}/me").status_code == 200

    ApiToken.objects.filter(pk=row.pk).update(revoked=True)

    assert error_of(client.get(f"{API}/me"), 401)["code"] == UNAUTHENTICATED


def test_the_token_of_a_deactivated_user_is_refused(org: dict[str, Any]) -> None:
    client = token_client(org["clerk"])
    assert client.get(f"{API}/me").status_code == 200

    org["clerk"].is_active = False
    org["clerk"].save(update_fields=["is_active"])

    assert error_of(client.get(f"{API}/me"), 401)["code"] == UNAUTHENTICATED
    assert error_of(client.get(f"{API}/cases"), 401)["code"] == UNAUTHENTICATED


def test_only_a_hash_of_the_token_is_stored(org: dict[str, Any]) -> None:
    row, secret = ApiToken.issue(org["clerk"])

    stored = ApiToken.objects.get(pk=row.pk)
    assert stored.key_hash == hash_token(secret)
    assert secret not in stored.key_hash
    assert stored.prefix == secret[:10]


def test_a_successful_request_records_when_the_token_was_last_used(org: dict[str, Any]) -> None:
    row, secret = ApiToken.issue(org["clerk"])
    assert row.last_used_at is None

    Client(headers={"Authorization": f"Bearer {secret}"}).get(f"{API}/me")

    assert ApiToken.objects.get(pk=row.pk).last_used_at is not None


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/me"),
        ("get", "/units"),
        ("get", "/categories"),
        ("get", "/cases"),
        ("get", "/cases/counts"),
        ("get", "/cases/{id}"),
        ("get", "/cases/{id}/events"),
        ("get", "/cases/{id}/attachments"),
        ("post", "/cases/{id}/actions/accept"),
        ("post", "/cases/{id}/actions/no_such_verb"),
        ("post", "/cases/{id}/attachments"),
    ],
)
def test_every_endpoint_answers_401_without_a_token_and_changes_nothing(
    make_case: Callable[..., Case], method: str, path: str
) -> None:
    case = make_case()
    before = db_state()

    response = getattr(Client(), method)(API + path.format(id=case.pk))

    assert error_of(response, 401)["code"] == UNAUTHENTICATED
    assert db_state() == before


def test_creating_a_case_with_a_wrong_token_stores_nothing(org: dict[str, Any]) -> None:
    client = Client(headers={"Authorization": "Bearer tsu_wrong"})

    response = post_json(client, "/cases", case_body())

    assert error_of(response, 401)["code"] == UNAUTHENTICATED
    assert Case.objects.count() == 0


def test_a_wrong_token_is_a_401_even_for_a_case_that_does_not_exist(org: dict[str, Any]) -> None:
    response = Client(headers={"Authorization": "Bearer tsu_wrong"}).get(f"{API}/cases/999999")

    assert error_of(response, 401)["code"] == UNAUTHENTICATED
