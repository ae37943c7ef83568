"""A pass walks the cases in batches ordered by the deadline it scans. Acting on a case may move
that very deadline (every verb recomputes `warn_at` and `current_due` from today's policy), so the
next batch starts after the key the last row had when it was read — not after where it moved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from tests.conftest import MONDAY
from tousu.cases.models import Case
from tousu.supervision import passes


def test_every_case_is_reached_even_when_acting_moves_the_last_ones_deadline(
    make_case: Callable[..., Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passes, "BATCH", 2)
    cases = [make_case(now=MONDAY + timedelta(minutes=i)) for i in range(5)]
    due_by_then = Case.objects.filter(accept_due__lt=MONDAY + timedelta(days=30))  # as a scan
    seen: list[int] = []
    for batch in passes._pages(due_by_then, "accept_due"):
        seen += [case.pk for case in batch]
        # What a verb may do to the case it acted on: its deadline moves on, out of the scan.
        # (the workflow writes the row and mirrors the change on the instance it was given).
        moved = MONDAY + timedelta(days=365)
        Case.objects.filter(pk=batch[-1].pk).update(accept_due=moved)
        batch[-1].accept_due = moved
    assert seen == [case.pk for case in cases]
