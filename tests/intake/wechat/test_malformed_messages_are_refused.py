"""A signed push that is no message we can read — not XML, an XML bomb, an external entity, too
large, without the fields every message has — is refused with 400, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tousu.cases.models import Case
from tousu.intake.models import InboundMessage

from .conftest import ACCOUNT, OPENID, push, text

pytestmark = pytest.mark.usefixtures("at_monday")

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    "<xml><ToUserName>x</ToUserName><FromUserName>y</FromUserName><MsgType>text</MsgType>"
    "<Content>&d;</Content><MsgId>1</MsgId></xml>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    "<xml><MsgType>text</MsgType><Content>&e;</Content><MsgId>1</MsgId></xml>"
)


def fields(**values: str) -> str:
    return "<xml>" + "".join(f"<{k}>{v}</{k}>" for k, v in values.items()) + "</xml>"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not xml at all", id="not xml"),
        pytest.param(b"<xml><MsgType>text</MsgType>", id="unclosed"),
        pytest.param(BILLION_LAUGHS, id="billion laughs"),
        pytest.param(EXTERNAL_ENTITY, id="external entity"),
        pytest.param("<xml><Content>&undeclared;</Content></xml>", id="undeclared entity"),
        pytest.param(b"\xff\xfe<xml/>", id="not utf-8"),
        pytest.param("<message>" + text("x")[5:-6] + "</message>", id="root not xml"),
        pytest.param(text("路灯" * 40000), id="too large"),
        pytest.param("<xml>" + "<a>" * 50 + "</a>" * 50 + "</xml>", id="nested deeply"),
        pytest.param(
            fields(ToUserName=ACCOUNT, FromUserName=OPENID, MsgType="text", Content="x"),
            id="no MsgId",
        ),
        pytest.param(
            fields(ToUserName=ACCOUNT, MsgType="text", Content="x", MsgId="1"),
            id="no sender",
        ),
        pytest.param(
            fields(
                ToUserName=ACCOUNT, FromUserName="o<b>", MsgType="text", Content="x", MsgId="1"
            ).replace("o<b>", "o&lt;b&gt;"),
            id="odd sender",
        ),
        pytest.param(
            fields(ToUserName=ACCOUNT, FromUserName=OPENID, MsgType="event", Event="subscribe"),
            id="event without time",
        ),
        pytest.param(text("x", msg_id="1\nrefused POST /admin/"), id="MsgId forging a log line"),
        pytest.param(text("x", sender="o\u8def\u706f"), id="sender not ascii"),
        pytest.param(text("x").replace("[text]", "[te xt]"), id="odd type"),
    ],
)
def test_a_message_that_cannot_be_read_is_refused_and_nothing_stored(
    client: Client, org: dict[str, Any], body: str | bytes
) -> None:
    response = push(client, body)
    assert (response.status_code, response.content) == (400, b"bad request")
    assert (Case.objects.count(), InboundMessage.objects.count()) == (0, 0)


def test_the_refusal_is_logged_without_the_body(
    client: Client, org: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    push(client, BILLION_LAUGHS)
    assert [r.getMessage() for r in caplog.records] == [
        "wechat push refused (400): a document type declaration"
    ]
