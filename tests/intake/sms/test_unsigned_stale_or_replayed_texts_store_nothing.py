"""Without the provider's signature, with a wrong one, or with a timestamp outside the window the
push is refused (403) and nothing is stored; the same message id again is the same case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from tests.conftest import MONDAY
from tousu.cases.models import Case
from tousu.intake.models import InboundMessage
from tousu.intake.sms import sign

from .conftest import SECRET, deliver, message

NOW = str(int(MONDAY.timestamp()))


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="unsigned"),
        pytest.param({"X-Tousu-Timestamp": NOW}, id="no signature"),
        pytest.param({"X-Tousu-Signature": sign(SECRET, NOW, message())}, id="no timestamp"),
        pytest.param(
            {"X-Tousu-Timestamp": NOW, "X-Tousu-Signature": sign("another", NOW, message())},
            id="another secret",
        ),
        pytest.param(
            {"X-Tousu-Timestamp": NOW, "X-Tousu-Signature": sign(SECRET, NOW, message("别的"))},
            id="another body",
        ),
        pytest.param(
            {
                "X-Tousu-Timestamp": str(int(MONDAY.timestamp()) + 1),
                "X-Tousu-Signature": sign(SECRET, NOW, message()),
            },
            id="timestamp changed",
        ),
        pytest.param(
            {"X-Tousu-Timestamp": "soon", "X-Tousu-Signature": sign(SECRET, "soon", message())},
            id="malformed timestamp",
        ),
    ],
)
def test_a_push_not_signed_with_the_secret_is_refused(
    client: Client, org: dict[str, Any], headers: dict[str, str]
) -> None:
    response = deliver(client, message(), headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert (Case.objects.count(), InboundMessage.objects.count()) == (0, 0)


@pytest.mark.parametrize("minutes", [-6, 6])
def test_a_timestamp_outside_the_window_is_refused(
    client: Client, org: dict[str, Any], minutes: int
) -> None:
    response = deliver(client, message(), at=MONDAY + timedelta(minutes=minutes))
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_without_a_secret_the_channel_is_off(
    client: Client, org: dict[str, Any], settings: Any
) -> None:
    settings.TOUSU_SMS_SECRET = ""
    assert deliver(client, message(), secret="").status_code == 403
    assert Case.objects.count() == 0


def test_the_same_message_id_again_is_the_same_case(client: Client, org: dict[str, Any]) -> None:
    first = deliver(client, message()).json()
    again = deliver(client, message())
    assert (again.status_code, again.json()) == (200, first | {"duplicate": True})
    assert (Case.objects.count(), InboundMessage.objects.count()) == (1, 1)


def test_the_refusal_is_one_log_line(client: Client, org: dict[str, Any], caplog: Any) -> None:
    deliver(client, message(), headers={})
    assert [r.getMessage() for r in caplog.records] == [
        "refused POST /channels/sms/ user=anonymous reason=sms: signature or timestamp missing"
    ]
