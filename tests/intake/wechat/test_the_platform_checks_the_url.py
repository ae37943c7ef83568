"""The platform's URL check: a signed GET is answered with its echostr, anything else is refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from tests.conftest import MONDAY

from .conftest import URL, signed

pytestmark = pytest.mark.usefixtures("at_monday")
NOW = int(MONDAY.timestamp())


def check(client: Client, params: dict[str, str]) -> Any:
    return client.get(URL, params)


def test_a_signed_check_is_answered_with_the_echostr(client: Client) -> None:
    response = check(client, signed(NOW, "77") | {"echostr": "5837397520918456702"})
    assert (response.status_code, response.content) == (200, b"5837397520918456702")
    assert response["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"echostr": "1"}, id="unsigned"),
        pytest.param(signed(NOW, "77", token="another-token") | {"echostr": "1"}, id="wrong token"),
        pytest.param(signed(NOW - 301, "77") | {"echostr": "1"}, id="stale"),
        pytest.param(signed(NOW + 301, "77") | {"echostr": "1"}, id="from the future"),
        pytest.param(signed(NOW, "77") | {"nonce": "78", "echostr": "1"}, id="nonce changed"),
    ],
)
def test_an_unsigned_wrong_or_stale_check_is_refused(
    client: Client, params: dict[str, str]
) -> None:
    response = check(client, params)
    assert (response.status_code, response.content) == (403, b"forbidden")


def test_a_timestamp_just_inside_five_minutes_is_fresh(client: Client) -> None:
    old = int((MONDAY - timedelta(seconds=300)).timestamp())
    assert check(client, signed(old, "77") | {"echostr": "ok"}).content == b"ok"


def test_without_a_token_the_channel_is_off(client: Client, settings: Any) -> None:
    settings.TOUSU_WECHAT_TOKEN = ""
    response = check(client, signed(NOW, "77", token="") | {"echostr": "1"})
    assert response.status_code == 403


def test_other_methods_are_not_allowed(client: Client) -> None:
    query = "&".join(f"{k}={v}" for k, v in signed(NOW, "1").items())
    assert client.put(f"{URL}?{query}").status_code == 405
