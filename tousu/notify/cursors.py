"""What the readers of the event log share (the fan-out, the platform webhook): a named cursor,
locked while a reader moves it, and the committed prefix of what it read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings

from .models import Cursor


def locked_cursor(name: str) -> Cursor:
    """The reader's cursor, created at the start of the log, locked until the transaction ends."""
    cursor, _created = Cursor.objects.get_or_create(name=name)
    return Cursor.objects.select_for_update().get(pk=cursor.pk)


def committed_prefix(seen: Sequence[tuple[int, datetime]], after: int, now: datetime) -> int:
    """How many of `seen` — (event id, event time), in id order, read after the id `after` —
    can be handled now: up to the first gap in the ids that may still be a transaction
    committing (ids are handed out before commit, so a later id can be visible first). A gap
    older than the grace period is an id that was never committed (a rolled-back write)."""
    grace = timedelta(seconds=settings.NOTIFY_FANOUT_GRACE_SECONDS)
    expected, ready = after + 1, 0
    for pk, at in seen:
        if pk != expected and at > now - grace:
            break
        ready += 1
        expected = pk + 1
    return ready
