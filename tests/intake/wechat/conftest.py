"""What the WeChat stories share: the platform's token, a signed push, the reply read back."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.conftest import MONDAY
from tousu.intake.wechat.messages import parse

TOKEN = "wechat-token-for-the-tests"
OPENID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
ACCOUNT = "gh_0123456789ab"
URL = "/channels/wechat/"


@pytest.fixture(autouse=True)
def _wechat_on(settings: Any) -> None:
    settings.TOUSU_WECHAT_TOKEN = TOKEN
    settings.TOUSU_WECHAT_PICTURES = "off"


@pytest.fixture
def at_monday() -> Iterator[None]:
    """The platform's clock and ours agree: it is MONDAY."""
    with time_machine.travel(MONDAY, tick=False):
        yield


def signed(timestamp: int, nonce: str, token: str = TOKEN) -> dict[str, str]:
    raw = "".join(sorted([token, str(timestamp), nonce]))
    return {
        "signature": hashlib.sha1(raw.encode()).hexdigest(),
        "timestamp": str(timestamp),
        "nonce": nonce,
    }


def push(
    client: Client,
    body: str | bytes,
    *,
    at: datetime = MONDAY,
    nonce: str = "1234567890",
    params: dict[str, str] | None = None,
) -> Any:
    """POST a message as the platform does: signed query string, XML body."""
    query = params if params is not None else signed(int(at.timestamp()), nonce)
    data = body.encode() if isinstance(body, str) else body
    path = URL + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    # In English: the messages' wording, whatever the Chinese catalogue says of it.
    return client.post(path, data=data, content_type="text/xml", HTTP_ACCEPT_LANGUAGE="en")


def text(content: str, msg_id: str = "6200000000000000001", sender: str = OPENID) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{int(MONDAY.timestamp())}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content>"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


def picture(msg_id: str = "6200000000000000009", sender: str = OPENID) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{int(MONDAY.timestamp())}</CreateTime>"
        "<MsgType><![CDATA[image]]></MsgType>"
        "<PicUrl><![CDATA[http://mmbiz.qpic.cn/mmbiz_jpg/abc/0]]></PicUrl>"
        "<MediaId><![CDATA[media-id-0001]]></MediaId>"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


def event(name: str, sender: str = OPENID, created: int | None = None) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{created or int(MONDAY.timestamp())}</CreateTime>"
        "<MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{name}]]></Event></xml>"
    )


def reply_of(response: Any) -> dict[str, str]:
    """The passive reply's fields (ToUserName, Content…)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return parse(response.content)
