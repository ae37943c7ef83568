"""The higher platform 上级平台 hears of every status change of the cases it handed over.

A case the platform pushed through the API (channel `platform`, with its `external_id`) changes
status here; the platform must know, to answer its own citizen and keep its clock. `push(now)`,
the worker's `platform-webhook` job, reads the event log after its own cursor (as the fan-out
does, `fanout.py`) and writes one outbox row of the channel `webhook` per status change of such
a case. The delivery sends them like any message — claimed, retried with backoff, dead after
NOTIFY_MAX_ATTEMPTS — through `channels/webhook.py`, which POSTs the JSON event to
TOUSU_PLATFORM_WEBHOOK_URL, signed with TOUSU_PLATFORM_WEBHOOK_SECRET.

Delivery is at least once (a worker killed after the POST, before recording it, sends it again),
so every event carries its `event_id` — the same on each attempt — for the platform to drop
repeats by. Retries may also deliver an older change after a newer one: `sequence` grows with
each event, so the platform keeps the highest it has seen.

Without a URL the job does nothing and keeps its place: set it later and the changes since the
last push follow (all of them, the first time).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tousu.cases.models import CaseEvent, Channel

from .cursors import committed_prefix, locked_cursor
from .models import Channel as OutChannel
from .models import Cursor, Kind, Outbox

CURSOR = "platform-webhook"
TEMPLATE = Kind.PLATFORM_STATUS
# What the event says besides the status, per verb: the reply the citizen gets, why a case was
# not accepted, referred out or withdrawn — what the platform must pass on to its citizen.
TEXT_OF = {"reply": "reply", "reject": "reason", "refer": "reason", "withdraw": "reason"}


class _Overtaken(Exception):
    """Another worker moved the cursor first: roll back what this one wrote."""


def push(now: datetime, *, limit: int = 1000) -> int:
    """Queue the status changes of platform cases among up to `limit` new events; returns how
    many events were read past."""
    if not settings.TOUSU_PLATFORM_WEBHOOK_URL:
        return 0
    try:
        with transaction.atomic():
            cursor = locked_cursor(CURSOR)
            seen = list(
                CaseEvent.objects.filter(pk__gt=cursor.last_event_id)
                .order_by("pk")
                .values_list("pk", "at")[:limit]
            )
            ready = [pk for pk, _at in seen[: committed_prefix(seen, cursor.last_event_id, now)]]
            if not ready:
                return 0
            changes = (
                CaseEvent.objects.filter(
                    pk__gt=cursor.last_event_id,
                    pk__lte=ready[-1],
                    case__channel=Channel.PLATFORM,
                )
                .exclude(case__external_id="")
                .exclude(to_status=F("from_status"))
                .select_related("case")
                .order_by("pk")
            )
            Outbox.objects.bulk_create([outbox_row(e, now) for e in changes], ignore_conflicts=True)
            moved = Cursor.objects.filter(pk=cursor.pk, last_event_id=cursor.last_event_id).update(
                last_event_id=ready[-1]
            )
            if not moved:
                raise _Overtaken
            return len(ready)
    except _Overtaken:
        return 0


def outbox_row(event: CaseEvent, now: datetime) -> Outbox:
    case = event.case
    return Outbox(
        dedupe_key=f"e{event.pk}:{TEMPLATE}:platform:{OutChannel.WEBHOOK}",
        channel=OutChannel.WEBHOOK,
        kind=TEMPLATE,
        case_id=case.pk,
        event=event,
        address="",  # the URL is the setting's at the time of sending
        template=TEMPLATE,
        language="zh-hans",
        # For the administrator's text template (the payload's `text`); the payload itself is
        # built from the event when sent (`payload`).
        context={
            "number": case.number,
            "external_id": case.external_id,
            "status": event.to_status,
            "from_status": event.from_status,
            "verb": event.verb,
        },
        next_attempt_at=now,
        created_at=now,
    )


def event_id(event_pk: int) -> str:
    return f"tousu-event-{event_pk}"


def payload(event: CaseEvent, text: str) -> dict[str, Any]:
    """What the platform receives for one status change (docs/channels.md)."""
    case = event.case
    data = event.data if isinstance(event.data, dict) else {}
    body: dict[str, Any] = {
        "event_id": event_id(event.pk),
        "sequence": event.pk,
        "type": "case.status_changed",
        "occurred_at": timezone.localtime(event.at).isoformat(),
        "external_id": case.external_id,
        "number": case.number,
        "verb": event.verb,
        "from_status": event.from_status or None,
        "status": event.to_status,
        "text": text,
    }
    field = TEXT_OF.get(event.verb)
    if field == "reply":
        body["reply"] = data.get("content") or case.reply
    elif field == "reason":
        body["reason"] = event.note
    return body
