"""A signed push that is not the documented JSON — or too large — is refused naming what is
wrong (400, 413), or 422 when the registration refuses it; nothing half-stored, never a 500."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from tests.conftest import MONDAY
from tousu.cases.models import Case
from tousu.intake.models import InboundMessage

from .conftest import deliver, message


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param(b"", ["body"], id="empty"),
        pytest.param(b"{not json", ["body"], id="not json"),
        pytest.param(b"\xff\xfe{}", ["body"], id="not utf-8"),
        pytest.param(b"[1, 2]", ["body"], id="not an object"),
        pytest.param(b"[" * 5000 + b"]" * 5000, ["body"], id="nested deeply"),
        pytest.param(b"{}", ["from", "id", "text"], id="no fields"),
        pytest.param(
            json.dumps({"id": 7, "from": "13912345678", "text": "x"}).encode(), ["id"], id="id"
        ),
        pytest.param(message(id=" "), ["id"], id="blank id"),
        pytest.param(message(id="x" * 101), ["id"], id="long id"),
        pytest.param(message(id="1\nrefused POST /admin/"), ["id"], id="id forging a log line"),
        pytest.param(
            json.dumps({"id": "1", "from": "hello", "text": "x"}).encode(), ["from"], id="from"
        ),
        pytest.param(message(text=None), ["text"], id="text null"),
        pytest.param(message(received_at="yesterday"), ["received_at"], id="received_at"),
        pytest.param(message(received_at="2026-03-02T10:00:00"), ["received_at"], id="naive"),
    ],
)
def test_a_malformed_message_is_refused_naming_the_field(
    client: Client, org: dict[str, Any], body: bytes, fields: list[str]
) -> None:
    response = deliver(client, body)
    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == fields
    assert (Case.objects.count(), InboundMessage.objects.count()) == (0, 0)


def test_an_oversize_body_is_refused_before_it_is_read(client: Client, org: dict[str, Any]) -> None:
    response = deliver(client, message(text="长" * 10000))
    assert (response.status_code, response.json()["error"]["code"]) == (413, "too_large")
    assert (Case.objects.count(), InboundMessage.objects.count()) == (0, 0)


def test_a_text_the_registration_refuses_is_422_and_remembered_as_rejected(
    client: Client, org: dict[str, Any]
) -> None:
    future = (MONDAY + timedelta(hours=1)).isoformat()
    response = deliver(client, message(received_at=future))
    assert (response.status_code, response.json()["error"]["code"]) == (422, "invalid_input")
    assert Case.objects.count() == 0
    assert list(InboundMessage.objects.values_list("outcome", "note")) == [
        ("rejected", "invalid: received_at")
    ]


def test_only_post_is_accepted(client: Client, org: dict[str, Any]) -> None:
    assert client.get("/channels/sms/").status_code == 405


def test_without_a_centre_for_the_public_the_text_waits_for_the_providers_retry(
    client: Client, org: dict[str, Any], settings: Any
) -> None:
    settings.TOUSU_PUBLIC_CENTRE = "no-such-centre"
    response = deliver(client, message())
    assert (response.status_code, response.json()["error"]["code"]) == (503, "invalid_input")
    assert (Case.objects.count(), InboundMessage.objects.count()) == (0, 0)
