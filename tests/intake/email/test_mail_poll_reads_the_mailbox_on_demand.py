"""`tousu mail-poll` reads the mailbox once and says how many messages it handled; it says why
when it cannot (the channel off, the server away, the login refused). The worker's job does the
same every minute, and nothing while the channel is off."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import MONDAY
from tests.intake.email.mails import mail, raw
from tests.intake.email.servers import Mailbox, free_port
from tousu.cases.models import Case
from tousu.intake.email.mailbox import poll
from tousu.worker.jobs import JOBS


def test_the_command_handles_what_is_waiting(org: dict[str, Any], mailbox: Mailbox) -> None:
    mailbox.deliver(raw(mail()), raw(mail(subject="第二件事")))
    out = StringIO()

    call_command("mail_poll", "--limit", "1", stdout=out)
    call_command("mail_poll", stdout=out)

    assert out.getvalue().splitlines() == ["mail-poll: handled=1", "mail-poll: handled=1"]
    assert Case.objects.count() == 2


def test_the_command_says_the_channel_is_off(db: Any, settings: Any) -> None:
    settings.TOUSU_MAIL_IMAP_HOST = ""
    with pytest.raises(CommandError) as refused:
        call_command("mail_poll")
    assert str(refused.value) == "the e-mail channel is off: set TOUSU_MAIL_IMAP_HOST"


def test_the_command_says_when_the_mailbox_cannot_be_read(
    db: Any, mailbox: Mailbox, settings: Any
) -> None:
    settings.TOUSU_MAIL_IMAP_PASSWORD = "wrong"
    with pytest.raises(CommandError) as refused:
        call_command("mail_poll")
    assert str(refused.value).startswith("the mailbox cannot be read: ")

    settings.TOUSU_MAIL_IMAP_PORT = free_port()  # nobody listens there
    with pytest.raises(CommandError) as refused:
        call_command("mail_poll")
    assert str(refused.value).startswith("the mailbox cannot be read: ")


def test_the_worker_polls_every_minute_and_does_nothing_while_off(db: Any, settings: Any) -> None:
    [job] = [job for job in JOBS if job.name == "mail-poll"]
    assert (job.path, job.every) == ("tousu.intake.email.mailbox.poll", 60)
    settings.TOUSU_MAIL_IMAP_HOST = ""
    assert poll(MONDAY) == 0
