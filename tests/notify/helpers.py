"""What the notification stories share: run the worker's two jobs, read what people were told."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu.notify.delivery import deliver_due
from tousu.notify.fanout import fan_out
from tousu.notify.models import Notification, SentMessage


def run_jobs(now: datetime) -> None:
    """One turn of the worker: the fan-out, then the delivery."""
    fan_out(now)
    deliver_due(now)


def told(user: Any) -> list[str]:
    """The texts in the user's inbox, oldest first."""
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("text", flat=True)
    )


def inbox(org: dict[str, Any]) -> dict[str, list[str]]:
    """Who has which notification kinds, for everyone in the story with any."""
    out: dict[str, list[str]] = {}
    for n in Notification.objects.select_related("recipient").order_by("id"):
        out.setdefault(n.recipient.username, []).append(n.kind)
    return out


def texts_sent() -> list[str]:
    """The bodies the SMS/WeChat log backend received, in order."""
    return list(SentMessage.objects.order_by("outbox_id").values_list("body", flat=True))
