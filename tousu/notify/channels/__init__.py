"""The channel adapters: one small interface, a backend per channel chosen in the settings.

A backend's `send(message)` delivers one message or raises; it may be called more than once for
the same message (a worker killed after sending, before recording it), so it passes
`message.outbox_id` on as the idempotency key (a gateway's request id, the e-mail's Message-ID).
A backend that can deliver many at once cheaper than one by one (the database-backed ones: one
INSERT instead of one per message) also has `send_many(messages)`, which returns the messages
that failed; `send_all` uses it when it is there. The public side's messages use the same
adapters.
"""

from __future__ import annotations

from collections.abc import Sequence
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


class Undeliverable(Exception):
    """The message can never be delivered as it is (a gateway refused it: HTTP 4xx): the row is
    dead at once instead of being retried."""


class Backend(Protocol):
    def send(self, message: Message) -> None: ...


class BatchBackend(Backend, Protocol):
    def send_many(self, messages: Sequence[Message]) -> dict[int, Exception]:
        """Deliver them all; the failures by outbox id (an exception fails the whole batch)."""
        ...


# Short names for the settings; anything else is a dotted path to a class.
NAMED = {
    "in_app": "tousu.notify.channels.in_app.InAppBackend",
    "email": "tousu.notify.channels.email.EmailBackend",
    "log": "tousu.notify.channels.log.LogBackend",
    "webhook": "tousu.notify.channels.webhook.WebhookBackend",
    "sms_http": "tousu.notify.channels.sms_http.HttpSmsBackend",
}


def backend_for(channel: str) -> Backend:
    configured = {
        "in_app": "in_app",
        "email": "email",
        "sms": settings.TOUSU_SMS_BACKEND,
        "wechat": settings.TOUSU_WECHAT_BACKEND,
        "webhook": "webhook",
    }[channel]
    cls = import_string(NAMED.get(configured, configured))
    backend: Backend = cls()
    return backend


def send_all(backend: Backend, messages: Sequence[Message]) -> dict[int, Exception]:
    """Hand the messages to the backend, in one go if it can; the failures by outbox id."""
    if not messages:
        return {}
    send_many = getattr(backend, "send_many", None)  # a BatchBackend
    if send_many is not None:
        try:
            failures: dict[int, Exception] = send_many(messages)
            return failures
        except Exception as exc:  # the batch as a whole: every message waits for its retry
            return {message.outbox_id: exc for message in messages}
    failures = {}
    for message in messages:
        try:
            backend.send(message)
        except Exception as exc:  # any adapter failure: this message waits for its retry
            failures[message.outbox_id] = exc
    return failures
