"""A text the provider pushes, signed, becomes a case: the sender is the complainant's phone and
the contact for the case's messages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from tests.conftest import MONDAY
from tousu.cases.models import Case, CaseEvent
from tousu.intake.models import InboundMessage

from .conftest import SENDER, deliver, message


def test_a_signed_text_registers_an_sms_case(client: Client, org: dict[str, Any]) -> None:
    response = deliver(client, message())
    case = Case.objects.get()
    assert (response.status_code, response.json()) == (
        200,
        {"outcome": "registered", "case": case.number, "duplicate": False},
    )
    assert (case.channel, case.kind, case.status, case.anonymous) == (
        "sms",
        "complaint",
        "registered",
        False,
    )
    assert (case.title, case.content, case.received_at) == (
        "幸福小区门口路灯坏了两周",
        "幸福小区门口路灯坏了两周",
        MONDAY,
    )
    assert [c.phone for c in case.complainants.all()] == [SENDER]
    assert (case.contact_channel, case.contact_address) == ("sms", SENDER)
    assert list(CaseEvent.objects.values_list("verb", "actor__username")) == [
        ("register", "system")
    ]
    assert list(InboundMessage.objects.values_list("channel", "message_id", "outcome")) == [
        ("sms", "sms-0001", "registered")
    ]


def test_the_providers_reception_time_is_the_cases(client: Client, org: dict[str, Any]) -> None:
    earlier = MONDAY - timedelta(minutes=3)
    deliver(client, message(received_at=earlier.isoformat()))
    assert Case.objects.get().received_at == earlier


def test_an_empty_text_is_ignored_with_a_trace(client: Client, org: dict[str, Any]) -> None:
    response = deliver(client, message(text="  "))
    assert response.json() == {"outcome": "ignored", "case": None, "duplicate": False}
    assert Case.objects.count() == 0
    assert list(InboundMessage.objects.values_list("outcome", "note")) == [
        ("ignored", "empty text")
    ]


def test_the_log_names_the_message_and_the_case_never_the_sender_or_text(
    client: Client, org: dict[str, Any], caplog: Any
) -> None:
    deliver(client, message())
    number = Case.objects.get().number
    assert [r.getMessage() for r in caplog.records if r.name == "tousu.intake"] == [
        f"sms message sms-0001: registered case {number}"
    ]
