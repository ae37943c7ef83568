"""The e-mail channel's stories: a real Dovecot holding the centre's mailbox (one per test
session, a fresh mailbox per test), a real SMTP receiver for what the centre sends back, and the
notification fan-out's cursor at the end of the event log (as in tests/notify)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.intake.email.servers import Dovecot, Mailbox, SmtpInbox, free_port, start_dovecot, stop
from tests.notify.conftest import last_event_id_handed_out
from tousu.notify.models import Cursor

CENTRE_ADDRESS = "hotline@12345.example.gov.cn"


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    server, process = start_dovecot()
    try:
        yield server
    finally:
        stop(process, server.root)


@pytest.fixture
def mailbox(dovecot: Dovecot, settings: Any) -> Mailbox:
    """A mailbox of its own for this test, and the settings that make the channel read it."""
    user = f"hotline-{uuid.uuid4().hex[:12]}"
    settings.TOUSU_MAIL_IMAP_HOST = "127.0.0.1"
    settings.TOUSU_MAIL_IMAP_PORT = dovecot.port
    settings.TOUSU_MAIL_IMAP_SSL = False
    settings.TOUSU_MAIL_IMAP_USER = user
    settings.TOUSU_MAIL_IMAP_PASSWORD = "secret"
    settings.TOUSU_MAIL_IMAP_FOLDER = "INBOX"
    return Mailbox(server=dovecot, user=user)


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpInbox]:
    """A real SMTP server the centre's e-mail goes to."""
    inbox = SmtpInbox()
    # A free port from the OS (aiosmtpd's start-up self-check cannot connect to "port 0").
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
            }
        }
        settings.DEFAULT_FROM_EMAIL = CENTRE_ADDRESS
        yield inbox
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _cursor_at_the_end_of_the_log(db: Any) -> None:
    Cursor.objects.update_or_create(
        name="fanout", defaults={"last_event_id": last_event_id_handed_out()}
    )
