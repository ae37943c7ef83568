"""The default SMS and WeChat backend: one log line (the address masked) and a `SentMessage`
row per outbox row — what a gateway would have received, kept once per idempotency key."""

from __future__ import annotations

import logging

from tousu.lib.masking import mask_phone

from ..models import SentMessage
from . import Message

log = logging.getLogger("tousu.notify")


class LogBackend:
    def send(self, message: Message) -> None:
        _row, created = SentMessage.objects.get_or_create(
            outbox_id=message.outbox_id,
            defaults={
                "channel": message.channel,
                "address": message.address,
                "subject": message.subject[:200],
                "body": message.body,
                "sent_at": message.now,
            },
        )
        log.info(
            "%s to %s (outbox %s, %s)%s",
            message.channel,
            mask_phone(message.address),
            message.outbox_id,
            message.kind,
            "" if created else " again: already sent, not repeated",
        )
