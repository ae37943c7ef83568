"""The fan-out reads the event log once: a second run adds nothing, and a gap just before a
recent event (a transaction still committing) makes it wait rather than skip."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.conftest import MONDAY
from tousu.cases.models import CaseEvent
from tousu.notify.fanout import fan_out
from tousu.notify.models import Cursor, Outbox


def test_running_the_fan_out_twice_adds_nothing_the_second_time(
    org: dict[str, Any], make_case: Any
) -> None:
    make_case()
    assert fan_out(MONDAY) == 1
    rows = list(Outbox.objects.values_list("dedupe_key", flat=True))

    assert fan_out(MONDAY) == 0
    assert list(Outbox.objects.values_list("dedupe_key", flat=True)) == rows
    assert Cursor.objects.get(name="fanout").last_event_id == CaseEvent.objects.get().pk


def test_a_gap_before_a_recent_event_waits_an_old_gap_is_passed_over(
    org: dict[str, Any], make_case: Any
) -> None:
    first = make_case()
    second = make_case(now=MONDAY + timedelta(seconds=30))
    # The first id stands for one handed out to a transaction not committed yet.
    CaseEvent.objects.filter(case=first)._raw_delete("default")

    assert fan_out(MONDAY + timedelta(seconds=31)) == 0  # it may still be committing
    assert Outbox.objects.count() == 0
    assert fan_out(MONDAY + timedelta(seconds=91)) == 1  # long enough: it never will
    assert Cursor.objects.get(name="fanout").last_event_id == second.events.get().pk
