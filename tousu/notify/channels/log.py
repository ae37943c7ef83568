"""The default SMS and WeChat backend: one log line (the address masked) and a `SentMessage`
row per outbox row — what a gateway would have received, kept once per idempotency key."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.db import transaction

from tousu.lib.masking import mask_phone

from ..models import SentMessage
from . import Message

log = logging.getLogger("tousu.notify")


class LogBackend:
    def send(self, message: Message) -> None:
        self.send_many([message])

    def send_many(self, messages: Sequence[Message]) -> dict[int, Exception]:
        """One transaction for the lot: the rows already there (a message sent again after its
        worker died) are left alone, the others inserted in one statement. The unique outbox id
        settles a race with another worker sending the same row (`ignore_conflicts`): no
        savepoint per row, and still one row per message whatever happens."""
        ids = [message.outbox_id for message in messages]
        with transaction.atomic():
            already = set(
                SentMessage.objects.filter(outbox_id__in=ids).values_list("outbox_id", flat=True)
            )
            SentMessage.objects.bulk_create(
                [
                    SentMessage(
                        outbox_id=message.outbox_id,
                        channel=message.channel,
                        address=message.address,
                        subject=message.subject[:200],
                        body=message.body,
                        sent_at=message.now,
                    )
                    for message in messages
                    if message.outbox_id not in already
                ],
                ignore_conflicts=True,
            )
        for message in messages:
            log.info(
                "%s to %s (outbox %s, %s)%s",
                message.channel,
                mask_phone(message.address),
                message.outbox_id,
                message.kind,
                " again: already sent, not repeated" if message.outbox_id in already else "",
            )
        return {}
