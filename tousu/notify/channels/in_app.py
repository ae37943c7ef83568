"""In-app: the message becomes a `Notification` in the recipient's workbench inbox."""

from __future__ import annotations

from ..models import Notification
from . import Message


class InAppBackend:
    def send(self, message: Message) -> None:
        if message.user_id is None:
            raise ValueError("an in-app message needs a staff recipient")
        # One notification per outbox row, however often the row is delivered.
        Notification.objects.get_or_create(
            outbox_id=message.outbox_id,
            defaults={
                "recipient_id": message.user_id,
                "kind": message.kind,
                "case_id": message.case_id,
                "text": message.body,
                "created_at": message.now,
            },
        )
