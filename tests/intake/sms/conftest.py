"""What the SMS stories share: the provider's secret and a signed push."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.conftest import MONDAY
from tousu.intake.sms import sign

SECRET = "sms-provider-secret-for-the-tests"
URL = "/channels/sms/"
SENDER = "13912345678"


@pytest.fixture(autouse=True)
def _sms_on(settings: Any) -> None:
    settings.TOUSU_SMS_SECRET = SECRET


@pytest.fixture(autouse=True)
def _at_monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def message(
    text: str | None = "幸福小区门口路灯坏了两周", id: str = "sms-0001", **more: Any
) -> bytes:
    return json.dumps({"id": id, "from": SENDER, "text": text, **more}, ensure_ascii=False).encode()


def deliver(
    client: Client,
    body: bytes,
    *,
    at: datetime = MONDAY,
    secret: str = SECRET,
    headers: dict[str, str] | None = None,
) -> Any:
    """POST as the provider does: the body signed with its timestamp."""
    timestamp = str(int(at.timestamp()))
    signed = {"X-Tousu-Timestamp": timestamp, "X-Tousu-Signature": sign(secret, timestamp, body)}
    return client.post(
        URL,
        data=body,
        content_type="application/json",
        headers=signed if headers is None else headers,
        HTTP_ACCEPT_LANGUAGE="en",
    )
