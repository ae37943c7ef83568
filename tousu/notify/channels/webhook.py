"""The higher platform's webhook: each status change POSTed as JSON, signed (notify/webhooks.py).

The request carries
  X-Tousu-Event-Id:   the event's id, the same on every attempt (the platform drops repeats)
  X-Tousu-Timestamp:  when this attempt was signed, Unix seconds (the platform refuses stale ones)
  X-Tousu-Signature:  "sha256=" + hex HMAC-SHA256 under TOUSU_PLATFORM_WEBHOOK_SECRET of
                      "<timestamp>.<body>" (the body's exact bytes)
Any 2xx answer is delivered; anything else (another status, a redirect, no answer within
TOUSU_PLATFORM_WEBHOOK_TIMEOUT) fails the message, which the delivery retries with backoff.
When the platform cannot be reached at all, the rest of the batch fails at once instead of
waiting out a timeout each.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from django.conf import settings

from ..models import Outbox
from ..webhooks import payload
from . import Message

log = logging.getLogger("tousu.notify")


class Unreachable(Exception):
    """No HTTP answer at all: the platform is down or the network is."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an answer other than 2xx: the message fails


_OPENER = urllib.request.build_opener(_NoRedirects)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class WebhookBackend:
    def send(self, message: Message) -> None:
        failures = self.send_many([message])
        if failures:
            raise failures[message.outbox_id]

    def send_many(self, messages: Sequence[Message]) -> dict[int, Exception]:
        url = settings.TOUSU_PLATFORM_WEBHOOK_URL
        if not url:
            problem = RuntimeError("TOUSU_PLATFORM_WEBHOOK_URL is not set")
            return {m.outbox_id: problem for m in messages}
        rows = {
            row.pk: row
            for row in Outbox.objects.filter(pk__in=[m.outbox_id for m in messages]).select_related(
                "event", "event__case"
            )
        }
        failures: dict[int, Exception] = {}
        down: Exception | None = None
        for message in messages:
            row = rows.get(message.outbox_id)
            if row is None or row.event is None:
                failures[message.outbox_id] = LookupError("the event of this message is gone")
            elif down is not None:
                failures[message.outbox_id] = down
            else:
                try:
                    self._post(url, message, payload(row.event, message.body))
                except Unreachable as exc:
                    down = failures[message.outbox_id] = exc
                except Exception as exc:  # this one failed: the others may still go
                    failures[message.outbox_id] = exc
        return failures

    def _post(self, url: str, message: Message, body_of: dict[str, Any]) -> None:
        body = json.dumps(body_of, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(message.now.timestamp()))
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "Tousu",
                "X-Tousu-Event-Id": body_of["event_id"],
                "X-Tousu-Timestamp": timestamp,
                "X-Tousu-Signature": signature(
                    settings.TOUSU_PLATFORM_WEBHOOK_SECRET, timestamp, body
                ),
            },
        )
        try:
            with _OPENER.open(request, timeout=settings.TOUSU_PLATFORM_WEBHOOK_TIMEOUT) as answer:
                status = answer.status
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"the platform answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise Unreachable(f"the platform cannot be reached: {exc}") from None
        if not 200 <= status < 300:
            raise RuntimeError(f"the platform answered HTTP {status}")
        log.info(
            "webhook event %s for case %s delivered (outbox %s)",
            body_of["event_id"],
            body_of["number"],
            message.outbox_id,
        )
