"""Delivering the outbox: claim the due rows, send each through its channel, record the outcome.

A claim is a guarded update (`state` pending/failed and due, or `sending` with an expired claim →
`sending` with this run's token and a lease): two workers never claim the same row, and a row
whose worker died mid-send is claimed again once its lease ran out. Sending is therefore
at-least-once; the adapters get the outbox id as their idempotency key. The attempt is counted at
the claim, so a message that kills its worker also ends up dead instead of looping.

A run reads the templates of its batch once, hands each channel its messages in chunks (one
INSERT for the database-backed channels, `channels.send_all`) and records the outcomes of a chunk
in one transaction, a few guarded updates (by token, `sending`) for all its rows: a worker killed
mid-chunk sends that chunk again after the lease, never more.

A batch may also be *reserved* for another worker (`reserve`, the worker's task queue: see
`tasks.py`): claimed without counting an attempt; the worker that runs the task takes the
reservation over (`deliver_reserved`) with one guarded update that swaps the token and counts the
attempt, so of two runs of the same task only one sends, and a reservation no worker took in
time is claimed again like any abandoned row, having cost no attempt.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet

from .channels import Message, Undeliverable, backend_for, send_all
from .models import Outbox, OutboxState
from .render import TemplateProblem, Templates

log = logging.getLogger("tousu.notify")
S = OutboxState

# Messages handed to a channel at once, and whose outcomes are recorded in one transaction.
CHUNK = 100


def due(now: datetime) -> Q:
    waiting = Q(state__in=[S.PENDING, S.FAILED], next_attempt_at__lte=now)
    abandoned = Q(state=S.SENDING, claimed_until__lt=now)
    return waiting | abandoned


def deliver_due(now: datetime, *, limit: int = 200) -> int:
    """Send up to `limit` due messages; returns how many were sent."""
    token, _claimed = claim(now, limit)
    return send_claimed(token, now)


def claim(now: datetime, limit: int, *, attempt: bool = True) -> tuple[str, int]:
    """Claim up to `limit` due rows for a new token (counting an attempt unless `attempt` is
    False: a reservation); returns the token and how many rows it holds."""
    token = uuid.uuid4().hex
    waiting = Outbox.objects.filter(due(now)).order_by("next_attempt_at", "pk")
    ids = list(waiting.values_list("pk", flat=True)[:limit])
    if not ids:
        return token, 0
    lease = timedelta(seconds=settings.NOTIFY_CLAIM_SECONDS)
    changes = {"state": S.SENDING, "claim": token, "claimed_until": now + lease}
    if attempt:
        changes["attempts"] = F("attempts") + 1
    return token, Outbox.objects.filter(due(now), pk__in=ids).update(**changes)


def reserve(now: datetime, limit: int) -> tuple[str, int]:
    """Claim a batch for another worker to send (`deliver_reserved`), counting no attempt yet."""
    return claim(now, limit, attempt=False)


def in_flight(now: datetime) -> int:
    """Rows claimed or reserved and not yet done (their lease still runs)."""
    return Outbox.objects.filter(state=S.SENDING, claimed_until__gte=now).count()


def deliver_reserved(reservation: str, now: datetime) -> int:
    """Take a reserved batch over — a new token, the attempt counted, the lease from now — and
    send it; 0 if someone else took it (the same task run twice) or it was claimed again."""
    token = uuid.uuid4().hex
    lease = timedelta(seconds=settings.NOTIFY_CLAIM_SECONDS)
    taken = Outbox.objects.filter(claim=reservation, state=S.SENDING).update(
        claim=token, claimed_until=now + lease, attempts=F("attempts") + 1
    )
    return send_claimed(token, now) if taken else 0


def send_claimed(token: str, now: datetime) -> int:
    """Send the rows this token holds, chunk by chunk; returns how many were sent."""
    rows = list(Outbox.objects.filter(claim=token, state=S.SENDING).order_by("pk"))
    if not rows:
        return 0
    templates = Templates({row.template for row in rows})
    sent = 0
    for start in range(0, len(rows), CHUNK):
        sent += _deliver_chunk(rows[start : start + CHUNK], templates, now, token)
    return sent


def _deliver_chunk(rows: Sequence[Outbox], templates: Templates, now: datetime, token: str) -> int:
    outcomes = Outcomes(token=token, now=now)
    by_channel: dict[str, list[Message]] = defaultdict(list)
    for row in rows:
        try:
            rendered = templates.render(row.template, row.channel, row.language, row.context)
        except TemplateProblem as exc:
            # The administrator must mend the template, then retry the row: no point retrying now.
            outcomes.dead(row, str(exc))
            continue
        by_channel[row.channel].append(
            Message(
                outbox_id=row.pk,
                channel=row.channel,
                kind=row.kind,
                address=row.address,
                subject=rendered.subject,
                body=rendered.body,
                html=rendered.html,
                now=now,
                user_id=row.user_id,
                case_id=row.case_id,
            )
        )
    by_id = {row.pk: row for row in rows}
    for channel, messages in by_channel.items():
        try:
            backend = backend_for(channel)
        except Exception as exc:  # a backend that cannot be set up: the messages wait for a retry
            failures: dict[int, Exception] = {m.outbox_id: exc for m in messages}
        else:
            failures = send_all(backend, messages)
        for message in messages:
            row = by_id[message.outbox_id]
            if message.outbox_id in failures:
                outcomes.failed(row, failures[message.outbox_id])
            else:
                outcomes.sent.append(row.pk)
    outcomes.record()
    return len(outcomes.sent)


@dataclass
class Outcomes:
    """What became of a chunk's rows, written in one transaction: one guarded update for the sent
    ones, one per distinct error and next attempt for the others (usually none)."""

    token: str
    now: datetime
    sent: list[int] = field(default_factory=list)
    others: dict[tuple[str, str, datetime | None], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def dead(self, row: Outbox, error: str) -> None:
        self.others[(S.DEAD, error[:2000], None)].append(row.pk)
        log.warning("outbox %s dead: %s", row.pk, error)

    def failed(self, row: Outbox, exc: Exception) -> None:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if row.attempts >= settings.NOTIFY_MAX_ATTEMPTS or isinstance(exc, Undeliverable):
            self.others[(S.DEAD, error, None)].append(row.pk)
            log.warning("outbox %s dead after %s attempts: %s", row.pk, row.attempts, error)
            return
        # 1, 2, 4, 8… times the base, at most a day.
        wait = min(settings.NOTIFY_RETRY_SECONDS * 2 ** (row.attempts - 1), 86400)
        self.others[(S.FAILED, error, self.now + timedelta(seconds=wait))].append(row.pk)
        log.info(
            "outbox %s failed (attempt %s), retry in %ss: %s", row.pk, row.attempts, wait, error
        )

    def record(self) -> None:
        mine = Outbox.objects.filter(claim=self.token, state=S.SENDING)
        released = {"claim": "", "claimed_until": None}
        with transaction.atomic():
            if self.sent:
                mine.filter(pk__in=self.sent).update(
                    state=S.SENT, sent_at=self.now, last_error="", **released
                )
            for (state, error, next_attempt_at), ids in self.others.items():
                retry_at = {"next_attempt_at": next_attempt_at} if next_attempt_at else {}
                mine.filter(pk__in=ids).update(
                    state=state, last_error=error, **retry_at, **released
                )


def retry(rows: QuerySet[Outbox], now: datetime) -> int:
    """The admin's retry: failed and dead rows are due again, with a fresh count of attempts."""
    return rows.filter(state__in=[S.FAILED, S.DEAD]).update(
        state=S.PENDING, attempts=0, next_attempt_at=now, claim="", claimed_until=None
    )
