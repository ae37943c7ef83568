"""The duty page: today's and the next shifts, and the handover notes 交接班. The person on duty
writes a note for the next shift; the next shift reads it; nobody else may write one."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.duty.conftest import FRIDAY, SATURDAY, at
from tests.workbench.case_helpers import client_for
from tousu.orgs.models import HandoverNote, Shift

NOTE = "张先生来电两次询问电梯维修进度,请早班回电。"


def duty_url() -> str:
    return reverse("workbench:duty")


def shift_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr class="shift[^"]*" id="shift-(\d+)">', html)]


def test_at_the_handover_the_page_lists_fridays_shifts_then_the_next(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(FRIDAY, "17:15"), tick=False)

    html = client_for(org["intake_only"]).get(duty_url()).content.decode()

    assert shift_ids(html) == [roster["day"].pk, roster["night"].pk, roster["weekend"].pk]
    assert html.count('class="shift current"') == 2
    assert 'name="text"' in html  # on duty now: the form to write the handover note


def test_the_night_clerk_writes_a_note_and_the_weekend_shift_reads_it(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(SATURDAY, "08:00"), tick=False)

    answer = client_for(org["intake_only"]).post(duty_url(), {"text": f"  {NOTE}\n"})

    assert (answer.status_code, answer["Location"]) == (302, duty_url())
    note = HandoverNote.objects.get()
    assert (note.from_shift, note.to_shift, note.author, note.text, note.created_at) == (
        roster["night"],
        roster["weekend"],
        org["intake_only"],
        NOTE,
        at(SATURDAY, "08:00"),
    )
    time_machine.move_to(at(SATURDAY, "09:00"), tick=False)
    html = client_for(org["dispatcher"]).get(duty_url()).content.decode()
    assert NOTE in html
    assert "2026-03-07 08:00 · intake_only · from the shift of 2026-03-06 17:00" in html


def test_someone_off_duty_may_not_write_a_note_and_nothing_is_written(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(SATURDAY, "10:00"), tick=False)
    client = client_for(org["analyst"])

    page = client.get(duty_url()).content.decode()
    answer = client.post(duty_url(), {"text": NOTE})

    assert 'name="text"' not in page
    assert answer.status_code == 403
    assert "Only a person on duty now writes a handover note." in answer.content.decode()
    assert HandoverNote.objects.count() == 0


def test_an_empty_note_is_refused_naming_what_is_missing(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(SATURDAY, "10:00"), tick=False)

    answer = client_for(org["dispatcher"]).post(duty_url(), {"text": "   "})

    assert answer.status_code == 400
    assert "Write what the next shift needs to know." in answer.content.decode()
    assert HandoverNote.objects.count() == 0


def test_a_note_without_a_later_shift_is_kept_for_whoever_comes_next(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(SATURDAY, "10:00"), tick=False)

    client_for(org["dispatcher"]).post(duty_url(), {"text": NOTE})

    assert HandoverNote.objects.get().to_shift is None


def test_a_units_handler_has_no_duty_page(org: dict[str, Any], roster: dict[str, Shift]) -> None:
    client = client_for(org["unit_a_handler"])

    assert client.get(duty_url()).status_code == 404
    assert client.post(duty_url(), {"text": NOTE}).status_code == 404
    assert HandoverNote.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(at(SATURDAY, "10:00"), tick=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(org["dispatcher"])

    assert client.post(duty_url(), {"text": NOTE}).status_code == 403
    assert HandoverNote.objects.count() == 0
