"""A push without the platform's signature, with a wrong one, or with a timestamp more than five
minutes off is refused with 403 — and leaves no case and no trace of the message."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import MONDAY
from tousu.cases.models import Case
from tousu.intake.models import InboundMessage

from .conftest import push, signed, text

pytestmark = pytest.mark.usefixtures("at_monday")
NOW = int(MONDAY.timestamp())


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="unsigned"),
        pytest.param({"timestamp": str(NOW), "nonce": "1"}, id="no signature"),
        pytest.param(signed(NOW, "1") | {"signature": "0" * 40}, id="wrong signature"),
        pytest.param(signed(NOW, "1", token="not-our-token"), id="another token"),
        pytest.param(signed(NOW - 301, "1"), id="stale"),
        pytest.param(signed(NOW + 3600, "1"), id="an hour ahead"),
        pytest.param(signed(NOW, "1") | {"timestamp": "abc"}, id="malformed timestamp"),
    ],
)
def test_a_push_not_signed_as_the_platform_signs_is_refused(
    client: Client, org: dict[str, Any], params: dict[str, str]
) -> None:
    response = push(client, text("路灯坏了"), params=params)
    assert response.status_code == 403
    assert (Case.objects.count(), InboundMessage.objects.count()) == (0, 0)


def test_the_refusal_is_one_log_line_without_the_message(
    client: Client, org: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    push(client, text("路灯坏了"), params=signed(NOW - 600, "1"))
    assert [r.getMessage() for r in caplog.records] == [
        "refused POST /channels/wechat/ user=anonymous reason=wechat: stale timestamp"
    ]
