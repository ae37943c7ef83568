"""`TOUSU_SMS_BACKEND=sms_http` posts each outgoing SMS to the gateway, signed, the outbox id as
idempotency key: 2xx sent; 5xx, a timeout or no connection retried with the delivery's backoff;
a 4xx dead at once. Tested against a small fake gateway on a local port."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.conftest import MONDAY
from tousu.notify.delivery import deliver_due
from tousu.notify.models import Outbox

GATEWAY_SECRET = "gateway-secret-for-the-tests"
PHONE = "13912345678"


@dataclass
class Gateway:
    """What the fake gateway answers (one status per request, then 200) and what it received."""

    url: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    hold: threading.Event | None = None  # set: requests wait for it (a gateway hanging)


def handler_for(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            gateway.received.append((dict(self.headers.items()), body))
            if gateway.hold is not None:
                gateway.hold.wait(10)
            status = gateway.answers.pop(0) if gateway.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *_args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def gateway(settings: Any) -> Iterator[Gateway]:
    fake = Gateway()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(fake))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}/sms"
    settings.TOUSU_SMS_BACKEND = "sms_http"
    settings.TOUSU_SMS_HTTP_URL = fake.url
    settings.TOUSU_SMS_HTTP_SECRET = GATEWAY_SECRET
    settings.TOUSU_SMS_HTTP_TIMEOUT = 5
    settings.NOTIFY_RETRY_SECONDS = 60
    try:
        yield fake
    finally:
        if fake.hold is not None:
            fake.hold.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def outbox(db: Any) -> Outbox:
    return Outbox.objects.create(
        dedupe_key="test:accepted:1",
        channel="sms",
        kind="accepted",
        address=PHONE,
        template="accepted",
        context={"number": "260300001"},
        next_attempt_at=MONDAY,
        created_at=MONDAY,
    )


def state(row: Outbox) -> tuple[str, int]:
    row.refresh_from_db()
    return row.state, row.attempts


def test_a_message_is_posted_signed_with_the_outbox_id_as_key(
    gateway: Gateway, outbox: Outbox
) -> None:
    assert deliver_due(MONDAY) == 1
    assert state(outbox) == ("sent", 1)
    [(headers, body)] = gateway.received
    key = f"outbox-{outbox.pk}"
    timestamp = str(int(MONDAY.timestamp()))
    assert headers["Idempotency-Key"] == key
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["X-Tousu-Timestamp"] == timestamp
    mac = hmac.new(GATEWAY_SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    assert headers["X-Tousu-Signature"] == "sha256=" + mac.hexdigest()
    sent = json.loads(body)
    assert (sent["id"], sent["to"], sent["kind"]) == (key, PHONE, "accepted")
    assert "260300001" in sent["text"]


def test_a_5xx_is_retried_with_backoff_under_the_same_key(gateway: Gateway, outbox: Outbox) -> None:
    gateway.answers = [503]
    assert deliver_due(MONDAY) == 0
    assert state(outbox) == ("failed", 1)
    assert outbox.next_attempt_at == MONDAY + timedelta(seconds=60)
    assert outbox.last_error == "GatewayUnavailable: the SMS gateway answered HTTP 503"
    assert deliver_due(MONDAY + timedelta(seconds=60)) == 1
    assert state(outbox) == ("sent", 2)
    keys = [headers["Idempotency-Key"] for headers, _body in gateway.received]
    assert keys == [f"outbox-{outbox.pk}"] * 2


@pytest.mark.parametrize("status", [400, 401, 422])
def test_a_4xx_is_dead_at_once(gateway: Gateway, outbox: Outbox, status: int) -> None:
    gateway.answers = [status]
    deliver_due(MONDAY)
    assert state(outbox) == ("dead", 1)
    assert outbox.last_error == (
        f"Undeliverable: the SMS gateway refused the message: HTTP {status}"
    )
    assert PHONE not in outbox.last_error


def test_too_many_requests_is_retried(gateway: Gateway, outbox: Outbox) -> None:
    gateway.answers = [429]
    deliver_due(MONDAY)
    assert state(outbox) == ("failed", 1)


def test_a_gateway_that_does_not_answer_in_time_is_retried(
    gateway: Gateway, outbox: Outbox, settings: Any
) -> None:
    settings.TOUSU_SMS_HTTP_TIMEOUT = 0.2
    gateway.hold = threading.Event()
    deliver_due(MONDAY)
    assert state(outbox) == ("failed", 1)
    assert outbox.last_error == (
        "GatewayUnavailable: the SMS gateway could not be reached (TimeoutError)"
    )


def test_a_gateway_that_is_down_is_retried(gateway: Gateway, outbox: Outbox, settings: Any) -> None:
    settings.TOUSU_SMS_HTTP_URL = "http://127.0.0.1:9/sms"  # the discard port: nothing listens
    deliver_due(MONDAY)
    assert state(outbox) == ("failed", 1)
    assert outbox.last_error == (
        "GatewayUnavailable: the SMS gateway could not be reached (ConnectionRefusedError)"
    )
