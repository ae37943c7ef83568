"""A text sent to the account becomes a case; the passive reply gives its number, tracking code
and a query password, shown this once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.conftest import MONDAY
from tousu.cases import tracking
from tousu.cases.models import Case, CaseEvent
from tousu.intake.models import InboundMessage

from .conftest import ACCOUNT, OPENID, push, reply_of, text

pytestmark = pytest.mark.usefixtures("at_monday")
COMPLAINT = "幸福小区门口路灯坏了两周\n晚上很黑，老人出门不安全。"


def test_a_text_registers_an_anonymous_wechat_case_answered_on_wechat(
    client: Client, org: dict[str, Any]
) -> None:
    push(client, text(COMPLAINT))
    case = Case.objects.get()
    assert (case.channel, case.kind, case.status, case.anonymous) == (
        "wechat",
        "complaint",
        "registered",
        True,
    )
    assert (case.title, case.content) == ("幸福小区门口路灯坏了两周", COMPLAINT)
    assert (case.contact_channel, case.contact_address) == ("wechat", OPENID)
    assert case.complainants.count() == 0
    assert (case.centre, case.registered_at) == (org["centre"], MONDAY)
    assert list(CaseEvent.objects.values_list("verb", "actor__username")) == [
        ("register", "system")
    ]
    assert list(InboundMessage.objects.values_list("channel", "message_id", "outcome")) == [
        ("wechat", "6200000000000000001", "registered")
    ]


def test_the_reply_carries_number_tracking_code_and_a_working_password(
    client: Client, org: dict[str, Any]
) -> None:
    reply = reply_of(push(client, text(COMPLAINT)))
    case = Case.objects.get()
    assert (reply["ToUserName"], reply["FromUserName"], reply["MsgType"]) == (
        OPENID,
        ACCOUNT,
        "text",
    )
    assert reply["CreateTime"] == str(int(MONDAY.timestamp()))
    lines = reply["Content"].splitlines()
    assert lines[:3] == [
        "Your case has been registered.",
        f"Case number: {case.number}",
        f"Tracking code: {case.tracking_code}",
    ]
    password = re.fullmatch(
        r"Query password: (\w{10}) \(shown only this once: please keep it\)", lines[3]
    )
    assert password is not None
    assert tracking.check_password(case.query_password, password.group(1))
    assert lines[4:] == [f"To see its progress, send: 查询 {case.tracking_code} <password>"]


def test_a_long_first_line_is_shortened_for_the_title(client: Client, org: dict[str, Any]) -> None:
    push(client, text("投" * 60))
    assert Case.objects.get().title == "投" * 39 + "…"


def test_a_text_the_registration_refuses_is_answered_and_stores_no_case(
    client: Client, org: dict[str, Any], settings: Any
) -> None:
    settings.TOUSU_TEXT_MAX_CHARS = 10
    reply = reply_of(push(client, text("这段话超过了十个字的长度限制")))
    assert reply["Content"] == (
        "We could not register your message. Please describe the matter in words, in at most "
        "10 characters."
    )
    assert Case.objects.count() == 0
    assert list(InboundMessage.objects.values_list("outcome", "note")) == [
        ("rejected", "invalid: content")
    ]


def test_help_and_greeting_words_get_the_welcome_not_a_case(
    client: Client, org: dict[str, Any]
) -> None:
    reply = reply_of(push(client, text("帮助")))
    assert reply["Content"].startswith("Welcome. To complain, send us a text")
    assert Case.objects.count() == 0
    assert InboundMessage.objects.get().outcome == "answered"


def test_without_a_centre_for_the_public_nothing_is_stored_and_the_platform_may_retry(
    client: Client, org: dict[str, Any], settings: Any
) -> None:
    settings.TOUSU_PUBLIC_CENTRE = "no-such-centre"
    response = push(client, text(COMPLAINT))
    assert (response.status_code, response.content) == (503, b"unavailable")
    assert (Case.objects.count(), InboundMessage.objects.count()) == (0, 0)
