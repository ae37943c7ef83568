"""Delivering the outbox: claim the due rows, send each through its channel, record the outcome.

A claim is a guarded update (`state` pending/failed and due, or `sending` with an expired claim →
`sending` with this run's token and a lease): two workers never claim the same row, and a row
whose worker died mid-send is claimed again once its lease ran out. Sending is therefore
at-least-once; the adapters get the outbox id as their idempotency key. The attempt is counted at
the claim, so a message that kills its worker also ends up dead instead of looping.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet

from .channels import Message, backend_for
from .models import Outbox, OutboxState
from .render import TemplateProblem, render

log = logging.getLogger("tousu.notify")
S = OutboxState


def due(now: datetime) -> Q:
    waiting = Q(state__in=[S.PENDING, S.FAILED], next_attempt_at__lte=now)
    abandoned = Q(state=S.SENDING, claimed_until__lt=now)
    return waiting | abandoned


def deliver_due(now: datetime, *, limit: int = 200) -> int:
    """Send up to `limit` due messages; returns how many were sent."""
    token = claim(now, limit)
    sent = 0
    for row in Outbox.objects.filter(claim=token, state=S.SENDING).order_by("pk"):
        sent += deliver(row, now, token)
    return sent


def claim(now: datetime, limit: int) -> str:
    token = uuid.uuid4().hex
    waiting = Outbox.objects.filter(due(now)).order_by("next_attempt_at", "pk")
    ids = list(waiting.values_list("pk", flat=True)[:limit])
    if ids:
        lease = timedelta(seconds=settings.NOTIFY_CLAIM_SECONDS)
        Outbox.objects.filter(due(now), pk__in=ids).update(
            state=S.SENDING, claim=token, claimed_until=now + lease, attempts=F("attempts") + 1
        )
    return token


def deliver(row: Outbox, now: datetime, token: str) -> int:
    mine = Outbox.objects.filter(pk=row.pk, claim=token, state=S.SENDING)
    try:
        rendered = render(row.template, row.channel, row.language, row.context)
    except TemplateProblem as exc:
        # The administrator must mend the template, then retry the row: no point retrying now.
        mine.update(state=S.DEAD, last_error=str(exc)[:2000], claim="", claimed_until=None)
        log.warning("outbox %s dead: %s", row.pk, exc)
        return 0
    message = Message(
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
    try:
        backend_for(row.channel).send(message)
    except Exception as exc:  # any adapter failure: the row waits for its next attempt
        _failed(row, now, exc)
        return 0
    mine.update(state=S.SENT, sent_at=now, last_error="", claim="", claimed_until=None)
    return 1


def _failed(row: Outbox, now: datetime, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if row.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        Outbox.objects.filter(pk=row.pk, claim=row.claim).update(
            state=S.DEAD, last_error=error, claim="", claimed_until=None
        )
        log.warning("outbox %s dead after %s attempts: %s", row.pk, row.attempts, error)
        return
    # 1, 2, 4, 8… times the base, at most a day.
    wait = min(settings.NOTIFY_RETRY_SECONDS * 2 ** (row.attempts - 1), 86400)
    Outbox.objects.filter(pk=row.pk, claim=row.claim).update(
        state=S.FAILED,
        last_error=error,
        next_attempt_at=now + timedelta(seconds=wait),
        claim="",
        claimed_until=None,
    )
    log.info("outbox %s failed (attempt %s), retry in %ss: %s", row.pk, row.attempts, wait, error)


def retry(rows: QuerySet[Outbox], now: datetime) -> int:
    """The admin's retry: failed and dead rows are due again, with a fresh count of attempts."""
    return rows.filter(state__in=[S.FAILED, S.DEAD]).update(
        state=S.PENDING, attempts=0, next_attempt_at=now, claim="", claimed_until=None
    )
