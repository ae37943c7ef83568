"""A text from a number whose SMS case of the last half hour is still waiting to be accepted is
added to that case (a message in parts, a second thought); after that, or once accepted, a text
is a new case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.test import Client

from tests.conftest import MONDAY
from tousu.cases.models import Case, CaseEvent
from tousu.cases.workflow import accept

from .conftest import deliver, message


def later(client: Client, text: str, id: str, minutes: int) -> Any:
    at = MONDAY + timedelta(minutes=minutes)
    with time_machine.travel(at, tick=False):
        return deliver(client, message(text, id=id), at=at).json()


def test_a_second_text_soon_after_is_added_to_the_waiting_case(
    client: Client, org: dict[str, Any]
) -> None:
    deliver(client, message("路灯坏了", id="1"))
    answer = later(client, "在幸福小区南门", "2", minutes=29)
    case = Case.objects.get()
    assert answer == {"outcome": "added", "case": case.number, "duplicate": False}
    supplement = CaseEvent.objects.get(verb="supplement")
    assert (supplement.case, supplement.note, supplement.data["channel"]) == (
        case,
        "在幸福小区南门",
        "sms",
    )


def test_a_text_after_the_half_hour_is_a_new_case(client: Client, org: dict[str, Any]) -> None:
    deliver(client, message("路灯坏了", id="1"))
    assert later(client, "垃圾没人收", "2", minutes=31)["outcome"] == "registered"
    assert Case.objects.count() == 2


def test_a_text_after_the_case_was_accepted_is_a_new_case(
    client: Client, org: dict[str, Any]
) -> None:
    deliver(client, message("路灯坏了", id="1"))
    accept(Case.objects.get(), actor=org["clerk"], now=MONDAY)
    assert later(client, "垃圾没人收", "2", minutes=5)["outcome"] == "registered"


def test_another_numbers_case_is_never_joined(client: Client, org: dict[str, Any]) -> None:
    deliver(client, message("路灯坏了", id="1"))
    other = message("垃圾没人收", id="2").replace(b"13912345678", b"13800001111")
    deliver(client, other)
    assert Case.objects.count() == 2
