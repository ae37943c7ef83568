"""What notify's readers of the event log share (the fan-out, the platform webhook): a named cursor,
locked while a reader moves it; the committed prefix of what it read is `cases.eventlog`'s."""

from __future__ import annotations

from tousu.cases.eventlog import committed_prefix

from .models import Cursor

__all__ = ["committed_prefix", "locked_cursor"]


def locked_cursor(name: str) -> Cursor:
    """The reader's cursor, created at the start of the log, locked until the transaction ends."""
    cursor, _created = Cursor.objects.get_or_create(name=name)
    return Cursor.objects.select_for_update().get(pk=cursor.pk)
