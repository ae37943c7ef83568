"""`tousu mail-poll` (`tousu manage mail_poll`): read the mailbox once now, say what came of it."""

from __future__ import annotations

import imaplib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tousu.intake.email.mailbox import MailboxError, poll


class Command(BaseCommand):
    help = "Read the e-mail channel's mailbox (TOUSU_MAIL_IMAP_*) once: new messages become cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=None, help="at most this many messages (TOUSU_MAIL_BATCH)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.TOUSU_MAIL_IMAP_HOST:
            raise CommandError("the e-mail channel is off: set TOUSU_MAIL_IMAP_HOST")
        try:
            handled = poll(timezone.now(), limit=options["limit"])
        except (MailboxError, imaplib.IMAP4.error, OSError) as exc:
            raise CommandError(f"the mailbox cannot be read: {exc}") from exc
        self.stdout.write(f"mail-poll: handled={handled}")
