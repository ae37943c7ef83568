"""A voice message, a location, a link… opens no case: the sender is asked to write."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tousu.cases.models import Case
from tousu.intake.models import InboundMessage

from .conftest import push, reply_of, text

pytestmark = pytest.mark.usefixtures("at_monday")


def test_a_voice_message_is_answered_with_a_hint_and_no_case(
    client: Client, org: dict[str, Any]
) -> None:
    voice = text("").replace("[text]", "[voice]").replace("<Content><![CDATA[]]></Content>", "")
    reply = reply_of(push(client, voice))
    assert reply["Content"] == (
        "Only texts and pictures are received here. Please describe your complaint in words."
    )
    assert Case.objects.count() == 0
    assert list(InboundMessage.objects.values_list("outcome", "note")) == [
        ("ignored", "unsupported type voice")
    ]
