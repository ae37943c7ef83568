"""Exactly once per inbound message, on every channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from tousu.cases.models import Case

from .models import InboundMessage, Outcome


@dataclass(frozen=True)
class Handled:
    """What a message caused. `first`: False when it had been handled before (a redelivery)."""

    outcome: str
    case_id: int | None
    first: bool = True


def once(
    channel: str,
    message_id: str,
    now: datetime,
    handle: Callable[[], tuple[str, Case | None, str]],
) -> Handled:
    """Run `handle` for this message unless it ran before; return what it caused.

    `handle()` returns (outcome, case or None, note). It runs in one transaction with the
    message's `InboundMessage` row: if it raises, nothing of it is kept and the message is not
    marked (the channel may deliver it again); if it succeeds, both commit together. A second
    delivery — a WeChat retry, a poller restarted before it flagged the mail as seen — waits for
    the first's transaction, then finds the row."""
    message_id = message_id[:255]
    try:
        with transaction.atomic():
            row = InboundMessage.objects.create(
                channel=channel, message_id=message_id, received_at=now, outcome=Outcome.IGNORED
            )
            outcome, case, note = handle()
            row.outcome, row.case, row.note = outcome, case, note[:200]
            row.save(update_fields=["outcome", "case", "note"])
    except IntegrityError:
        earlier = InboundMessage.objects.filter(channel=channel, message_id=message_id).first()
        if earlier is None:  # the constraint that failed was another one: not ours to hide
            raise
        return Handled(earlier.outcome, earlier.case_id, first=False)
    return Handled(outcome, case.pk if case is not None else None)
