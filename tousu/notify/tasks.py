"""Delivery shared among workers through the task queue.

The `notify-deliver` job (`deliver`, leased: one worker at a time) claims a batch and sends it
itself; when more is due, it reserves further batches (`delivery.reserve`) and enqueues one
`deliver_batch` task per reservation, which any worker's task thread runs — with Redis as the
queue, every `tousu worker` of the pool. Each row is guarded in the database, not by the queue:
a reservation is taken over by one guarded update that swaps its token, so a task run twice
(the queue is at-least-once too) sends nothing the second time, and a lost task only delays its
rows until their lease runs out.

Never more than NOTIFY_QUEUED_BATCHES batches wait in the queue or are being sent (the rows
`sending` under a live lease are counted first): a queue slower than the job does not pile up
reservations that would run out before a worker gets to them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from .delivery import claim, deliver_reserved, in_flight, reserve, send_claimed

log = logging.getLogger("tousu.notify")


@task
def deliver_batch(reservation: str) -> int:
    """Send a batch the `notify-deliver` job reserved; how many were sent (0: taken already)."""
    return deliver_reserved(reservation, timezone.now())


@dataclass(frozen=True)
class Delivered:
    sent: int  # by this run itself
    queued: int  # rows handed to the task queue
    tasks: int

    def __str__(self) -> str:
        return f"sent {self.sent}, queued {self.queued} in {self.tasks} tasks"


def deliver(now: datetime) -> Delivered:
    """The `notify-deliver` job: a batch sent here, up to NOTIFY_QUEUED_BATCHES more queued."""
    size = settings.NOTIFY_BATCH_SIZE
    room = settings.NOTIFY_QUEUED_BATCHES * size - in_flight(now)
    token, _claimed = claim(now, size)
    queued = tasks = extra = 0
    while room > 0:
        reservation, count = reserve(now, min(size, room))
        if not count:
            break
        try:
            deliver_batch.enqueue(reservation)
        except Exception:
            # The queue is down: this run sends the batch itself (the job still works alone).
            log.exception("the task queue refused a delivery batch: sending it here")
            extra = deliver_reserved(reservation, now)
            break
        room -= count
        queued += count
        tasks += 1
    return Delivered(sent=send_claimed(token, now) + extra, queued=queued, tasks=tasks)
