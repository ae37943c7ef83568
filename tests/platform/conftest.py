"""The platform stories: a local HTTP receiver stands for the higher platform's webhook, and
the webhook's cursor starts at the end of the event log (see tests/notify/conftest.py: on
PostgreSQL a rolled-back test leaves a gap in the ids that a reader rightly waits on)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.notify.conftest import last_event_id_handed_out
from tousu.notify.models import Cursor
from tousu.notify.webhooks import CURSOR

SECRET = "a-secret-agreed-with-the-platform"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """What the platform received, and what it answers next (200 when nothing is queued)."""

    url: str
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.received.append(Received(dict(self.headers.items()), body))
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/tousu/events"
    settings.TOUSU_PLATFORM_WEBHOOK_URL = state.url
    settings.TOUSU_PLATFORM_WEBHOOK_SECRET = SECRET
    settings.NOTIFY_RETRY_SECONDS = 60
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(autouse=True)
def _webhook_cursor_at_the_end_of_the_log(db: Any) -> None:
    Cursor.objects.update_or_create(
        name=CURSOR, defaults={"last_event_id": last_event_id_handed_out()}
    )
