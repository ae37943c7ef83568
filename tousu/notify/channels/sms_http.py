"""Outgoing SMS through an HTTP gateway (`TOUSU_SMS_BACKEND=http`), provider-neutral.

One POST per message to `TOUSU_SMS_HTTP_URL`, a JSON body `{"id", "to", "text", "kind"}` signed
as the inbound webhook is (docs/channels.md "SMS"):

    Idempotency-Key: outbox-<outbox id>
    X-Tousu-Timestamp: <unix seconds>
    X-Tousu-Signature: sha256=<hex of HMAC-SHA256(TOUSU_SMS_HTTP_SECRET, "<timestamp>." + body)>

The outbox id is the idempotency key (also the body's `id`): a message sent again after its
worker died is the same message to the gateway. What the gateway answers decides the row's fate:
2xx sent; 5xx, 408, 429, a timeout or no connection → `GatewayUnavailable`, retried with the
delivery's backoff; any other answer (400, 401, 403, 404, 422…: the gateway refuses this message
or us) → `Undeliverable`, dead at once — retrying would be refused alike. The errors name the
status, never the number or the text (they are kept in the outbox row).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.conf import settings

from . import Message, Undeliverable

# Answers worth another try later, besides 5xx: the gateway was slow or asks us to slow down.
RETRYABLE = frozenset({408, 425, 429})


class GatewayUnavailable(Exception):
    """The gateway did not take the message now; the delivery retries it later."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A POST is not followed elsewhere: the configured URL is the gateway.
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class HttpSmsBackend:
    def send(self, message: Message) -> None:
        url = settings.TOUSU_SMS_HTTP_URL
        if not url.startswith(("http://", "https://")):
            raise GatewayUnavailable("TOUSU_SMS_HTTP_URL is not an http(s) URL")
        key = f"outbox-{message.outbox_id}"
        body = json.dumps(
            {"id": key, "to": message.address, "text": message.body, "kind": message.kind},
            ensure_ascii=False,
        ).encode()
        timestamp = str(int(message.now.timestamp()))
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Idempotency-Key": key,
                "X-Tousu-Timestamp": timestamp,
                "X-Tousu-Signature": sign(settings.TOUSU_SMS_HTTP_SECRET, timestamp, body),
                "User-Agent": "Tousu",
            },
        )
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(request, timeout=settings.TOUSU_SMS_HTTP_TIMEOUT) as response:
                response.read(4096)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code >= 500 or exc.code in RETRYABLE:
                raise GatewayUnavailable(f"the SMS gateway answered HTTP {exc.code}") from None
            raise Undeliverable(f"the SMS gateway refused the message: HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GatewayUnavailable(
                f"the SMS gateway could not be reached ({type(reason).__name__})"
            ) from None
