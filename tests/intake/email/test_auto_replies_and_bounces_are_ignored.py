"""Machines' mail — vacation notices, other automatic answers, bounces — opens no case and is
answered with nothing (no acknowledgement loop with another robot): ignored, with one log line."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.intake.email.mails import mail, raw
from tests.intake.email.servers import Mailbox
from tests.notify.helpers import run_jobs
from tousu.cases.models import Case
from tousu.intake.email.handling import receive
from tousu.intake.email.mailbox import poll
from tousu.intake.models import InboundMessage
from tousu.notify.models import Outbox


def _report() -> EmailMessage:
    """A delivery status notification (RFC 3464), as a mail server words it."""
    report = EmailMessage()
    report["From"] = "Mail Delivery System <mailer@mx.example.cn>"
    report["To"] = "hotline@12345.example.gov.cn"
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Message-ID"] = "<bounce-1@mx.example.cn>"
    report.set_content("This is the mail system: your message could not be delivered.")
    report.make_mixed()
    report.set_param("report-type", "delivery-status")
    report.replace_header("Content-Type", report["Content-Type"].replace("mixed", "report"))
    return report


MACHINES = {
    "Auto-Submitted": mail(headers={"Auto-Submitted": "auto-replied"}),
    "X-Autoreply": mail(headers={"X-Autoreply": "yes"}),
    "Precedence bulk": mail(headers={"Precedence": "bulk"}),
    "Precedence auto_reply": mail(headers={"Precedence": "auto_reply"}),
    "Precedence junk": mail(headers={"Precedence": "junk"}),
    "out of office": mail(subject="Out of Office: 小区电梯长期故障无人维修"),
    "自动回复": mail(subject="自动回复:您的来信已收到"),
    "休假": mail(subject="休假通知"),
    "MAILER-DAEMON": mail(sender="MAILER-DAEMON@mx.example.cn", subject="Returned mail"),
    "Return-Path <>": mail(headers={"Return-Path": "<>"}, subject="Delivery failure"),
    "multipart/report": _report(),
}


@pytest.mark.parametrize("name", MACHINES)
def test_a_machines_mail_is_ignored_with_a_log_line(
    org: dict[str, Any], name: str, caplog: pytest.LogCaptureFixture
) -> None:
    message = MACHINES[name]
    with caplog.at_level("INFO", logger="tousu.intake.email"):
        handled = receive(raw(message), MONDAY)

    assert (handled.outcome, handled.case_id) == ("ignored", None)
    assert Case.objects.count() == 0
    row = InboundMessage.objects.get()
    expected = (
        "bounce"
        if name in {"MAILER-DAEMON", "Return-Path <>", "multipart/report"}
        else ("auto-reply")
    )
    assert (row.message_id, row.outcome, row.note) == (message["Message-ID"], "ignored", expected)
    assert caplog.messages == [f"mail {message['Message-ID']}: ignored, {expected}"]


def test_auto_submitted_no_is_a_person_writing(org: dict[str, Any]) -> None:
    receive(raw(mail(headers={"Auto-Submitted": "no"})), MONDAY)
    assert Case.objects.count() == 1


def test_a_complaint_about_vacations_is_no_vacation_notice(org: dict[str, Any]) -> None:
    receive(raw(mail(subject="外出务工人员工资被拖欠,休假工资也没发")), MONDAY)
    assert Case.objects.get().title == "外出务工人员工资被拖欠,休假工资也没发"


def test_in_the_mailbox_a_bounce_and_an_auto_reply_are_passed_over_and_marked_read(
    org: dict[str, Any], mailbox: Mailbox
) -> None:
    person = mail()
    mailbox.deliver(raw(MACHINES["Auto-Submitted"]), raw(MACHINES["MAILER-DAEMON"]), raw(person))

    assert poll(MONDAY) == 3
    run_jobs(MONDAY)

    case = Case.objects.get()
    assert case.external_id == person["Message-ID"]
    assert list(InboundMessage.objects.order_by("id").values_list("outcome", flat=True)) == [
        "ignored",
        "ignored",
        "registered",
    ]
    assert mailbox.unread() == 0
    # Only the person is acknowledged.
    assert list(Outbox.objects.values_list("kind", "channel")) == [("acknowledged", "email")]
