"""In-app: the message becomes a `Notification` in the recipient's workbench inbox."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from ..models import Notification
from . import Message


class InAppBackend:
    def send(self, message: Message) -> None:
        failures = self.send_many([message])
        if failures:
            raise failures[message.outbox_id]

    def send_many(self, messages: Sequence[Message]) -> dict[int, Exception]:
        """One notification per outbox row, however often the row is delivered: the rows already
        there are left alone, the others inserted in one statement (the unique outbox id settles
        a race with another worker, without a savepoint per row)."""
        failures: dict[int, Exception] = {
            m.outbox_id: ValueError("an in-app message needs a staff recipient")
            for m in messages
            if m.user_id is None
        }
        wanted = [(m, m.user_id) for m in messages if m.user_id is not None]
        with transaction.atomic():
            already = set(
                Notification.objects.filter(
                    outbox_id__in=[m.outbox_id for m, _user in wanted]
                ).values_list("outbox_id", flat=True)
            )
            Notification.objects.bulk_create(
                [
                    Notification(
                        outbox_id=m.outbox_id,
                        recipient_id=user_id,
                        kind=m.kind,
                        case_id=m.case_id,
                        text=m.body,
                        created_at=m.now,
                    )
                    for m, user_id in wanted
                    if m.outbox_id not in already
                ],
                ignore_conflicts=True,
            )
        return failures
