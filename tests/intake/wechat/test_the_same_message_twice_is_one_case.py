"""WeChat retries a push whose answer took too long: the same MsgId again is the same case, and
the retry gets the first answer (its password included — the first answer was lost). A signature
seen once may not be reused with another body."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import MONDAY
from tousu.cases.models import Case
from tousu.intake.models import InboundMessage

from .conftest import push, reply_of, signed, text

pytestmark = pytest.mark.usefixtures("at_monday")


def test_the_same_msgid_twice_registers_one_case_and_answers_alike(
    client: Client, org: dict[str, Any]
) -> None:
    first = reply_of(push(client, text("路灯坏了"), nonce="a1"))
    again = reply_of(push(client, text("路灯坏了"), nonce="a2"))
    assert Case.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    assert again["Content"] == first["Content"]


def test_the_very_same_request_again_is_the_platforms_retry(
    client: Client, org: dict[str, Any]
) -> None:
    first = reply_of(push(client, text("路灯坏了"), nonce="a1"))
    again = reply_of(push(client, text("路灯坏了"), nonce="a1"))
    assert (Case.objects.count(), again["Content"]) == (1, first["Content"])


def test_a_retry_after_the_first_answer_was_forgotten_still_names_the_case(
    client: Client, org: dict[str, Any]
) -> None:
    push(client, text("路灯坏了"), nonce="a1")
    cache.clear()
    again = reply_of(push(client, text("路灯坏了"), nonce="a2"))
    case = Case.objects.get()
    assert again["Content"].splitlines() == [
        "Your case has been registered.",
        f"Case number: {case.number}",
        f"Tracking code: {case.tracking_code}",
        "The query password was given in our first answer.",
        f"To see its progress, send: 查询 {case.tracking_code} <password>",
    ]


def test_a_signature_replayed_with_another_body_is_refused(
    client: Client, org: dict[str, Any]
) -> None:
    params = signed(int(MONDAY.timestamp()), "n-1")
    assert push(client, text("路灯坏了", msg_id="1"), params=params).status_code == 200
    forged = push(client, text("伪造的投诉", msg_id="2"), params=params)
    assert forged.status_code == 403
    assert list(Case.objects.values_list("content", flat=True)) == ["路灯坏了"]
    assert InboundMessage.objects.count() == 1
