"""Whatever the channel, a message delivered twice (a WeChat retry, a mailbox read again after the
poller was killed) causes what it causes once; a message whose handling failed leaves no trace
and may be delivered again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import MONDAY, new_case
from tousu.cases.models import Case
from tousu.cases.registration import register
from tousu.intake.models import InboundMessage
from tousu.intake.receiving import Handled, once
from tousu.orgs.staff import system_user


def registering(calls: list[int]) -> Any:
    def handle() -> tuple[str, Case | None, str]:
        calls.append(1)
        return (
            "registered",
            register(new_case(channel="wechat"), actor=system_user(), now=MONDAY),
            "",
        )

    return handle


def test_the_same_message_twice_registers_one_case(org: dict[str, Any]) -> None:
    calls: list[int] = []
    first = once("wechat", "msg-6200001", MONDAY, registering(calls))
    again = once("wechat", "msg-6200001", MONDAY, registering(calls))
    case = Case.objects.get()
    assert first == Handled("registered", case.pk, first=True)
    assert again == Handled("registered", case.pk, first=False)
    assert calls == [1]


def test_the_same_id_on_another_channel_is_another_message(org: dict[str, Any]) -> None:
    once("wechat", "42", MONDAY, registering([]))
    once("sms", "42", MONDAY, lambda: ("ignored", None, "empty text"))
    assert sorted(InboundMessage.objects.values_list("channel", "outcome", "note")) == [
        ("sms", "ignored", "empty text"),
        ("wechat", "registered", ""),
    ]


def test_a_message_whose_handling_failed_leaves_nothing_and_may_come_again(
    org: dict[str, Any],
) -> None:
    def broken() -> tuple[str, Case | None, str]:
        register(new_case(channel="wechat"), actor=system_user(), now=MONDAY)
        raise RuntimeError("the attachment store is down")

    with pytest.raises(RuntimeError):
        once("wechat", "msg-7", MONDAY, broken)
    assert (Case.objects.count(), InboundMessage.objects.count()) == (0, 0)
    assert once("wechat", "msg-7", MONDAY, registering([])).first is True
    assert Case.objects.count() == 1
