"""What every reader of the event log shares (the notification fan-out, the platform webhook,
the statistics): which of the events read so far are safely committed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings


def committed_prefix(seen: Sequence[tuple[int, datetime]], after: int, now: datetime) -> int:
    """How many of `seen` — (event id, event time), in id order, read after the id `after` —
    can be handled now: up to the first gap in the ids that may still be a transaction
    committing (ids are handed out before commit, so a later id can be visible first). A gap
    older than the grace period is an id that was never committed (a rolled-back write)."""
    grace = timedelta(seconds=settings.EVENT_LOG_GRACE_SECONDS)
    expected, ready = after + 1, 0
    for pk, at in seen:
        if pk != expected and at > now - grace:
            break
        ready += 1
        expected = pk + 1
    return ready
