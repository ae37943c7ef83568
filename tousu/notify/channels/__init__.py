"""The channel adapters: one small interface, a backend per channel chosen in the settings.

A backend's `send(message)` delivers one message or raises; it may be called more than once for
the same message (a worker killed after sending, before recording it), so it passes
`message.outbox_id` on as the idempotency key (a gateway's request id, the e-mail's Message-ID).
The public side's messages use the same adapters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Message:
    outbox_id: int
    channel: str
    kind: str
    address: str
    subject: str
    body: str
    html: bool
    now: datetime
    user_id: int | None = None
    case_id: int | None = None


class Backend(Protocol):
    def send(self, message: Message) -> None: ...


# Short names for the settings; anything else is a dotted path to a class.
NAMED = {
    "in_app": "tousu.notify.channels.in_app.InAppBackend",
    "email": "tousu.notify.channels.email.EmailBackend",
    "log": "tousu.notify.channels.log.LogBackend",
}


def backend_for(channel: str) -> Backend:
    configured = {
        "in_app": "in_app",
        "email": "email",
        "sms": settings.TOUSU_SMS_BACKEND,
        "wechat": settings.TOUSU_WECHAT_BACKEND,
    }[channel]
    cls = import_string(NAMED.get(configured, configured))
    backend: Backend = cls()
    return backend
