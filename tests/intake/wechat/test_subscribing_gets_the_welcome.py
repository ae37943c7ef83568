"""Following the account (the subscribe event) is answered with how to complain; other events
get no answer; neither opens a case, and the same event again counts once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tousu.cases.models import Case
from tousu.intake.models import InboundMessage

from .conftest import event, push, reply_of

pytestmark = pytest.mark.usefixtures("at_monday")


def test_subscribing_is_answered_with_how_to_complain(client: Client, org: dict[str, Any]) -> None:
    reply = reply_of(push(client, event("subscribe")))
    assert reply["Content"].splitlines() == [
        "Welcome. To complain, send us a text describing the matter: what, where, when.",
        "Each text becomes a case; you receive its number, a tracking code and a password.",
        "Pictures cannot be received here: add them on the portal's track page.",
        "To see a case's progress, send: 查询 <tracking code> <password>",
    ]
    assert Case.objects.count() == 0
    assert list(InboundMessage.objects.values_list("outcome", "note")) == [
        ("answered", "subscribe: welcome")
    ]


def test_the_welcome_tells_of_pictures_when_they_are_taken(
    client: Client, org: dict[str, Any], settings: Any
) -> None:
    settings.TOUSU_WECHAT_PICTURES = "fetch"
    reply = reply_of(push(client, event("subscribe")))
    assert reply["Content"].splitlines()[2] == (
        "Pictures sent within 30 minutes after it are added to that case."
    )


def test_the_same_subscribe_event_twice_counts_once(client: Client, org: dict[str, Any]) -> None:
    push(client, event("subscribe"), nonce="1")
    push(client, event("subscribe"), nonce="2")
    assert InboundMessage.objects.count() == 1


def test_other_events_are_received_without_an_answer(client: Client, org: dict[str, Any]) -> None:
    response = push(client, event("unsubscribe"))
    assert (response.status_code, response.content) == (200, b"success")
    assert list(InboundMessage.objects.values_list("outcome", "note")) == [
        ("ignored", "event unsubscribe")
    ]
