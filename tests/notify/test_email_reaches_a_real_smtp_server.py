"""E-mail goes out over SMTP: a real receiver (aiosmtpd) listening on a free local port."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import MONDAY
from tests.notify.helpers import run_jobs
from tousu.cases import workflow as wf
from tousu.notify.models import Outbox


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    # A free port from the OS (aiosmtpd's start-up self-check cannot connect to "port 0").
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        settings.DEFAULT_FROM_EMAIL = "hotline@example.gov.cn"
        yield inbox
    finally:
        controller.stop()


def test_a_handler_with_an_address_gets_the_new_case_by_email(
    org: dict[str, Any], make_case: Any, smtp: Inbox
) -> None:
    org["unit_a_handler"].email = "wang@zhujian.example.gov.cn"
    org["unit_a_handler"].save(update_fields=["email"])
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")

    run_jobs(MONDAY)

    [(to, message)] = smtp.messages
    assert to == ["wang@zhujian.example.gov.cn"]
    assert message["From"] == "hotline@example.gov.cn"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == f"新工单 {case.number}:小区电梯长期故障无人维修,办理期限 2026-03-11"
    row = Outbox.objects.get(channel="email")
    assert message["Message-ID"] == f"<outbox-{row.pk}@example.gov.cn>"
    assert row.state == "sent"
    assert message.get_payload(decode=True).decode().splitlines() == [
        subject,
        "",
        "请登录投诉工作台查看。",
    ]
