"""`tousu manage supervise`: run one supervision pass now and print what it did."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tousu.supervision.passes import supervise


class Command(BaseCommand):
    help = "Run one supervision pass now: warnings, reminders, escalations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=None, help="at most this many actions per step"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = supervise(timezone.now(), limit=options["limit"])
        self.stdout.write(f"supervision pass: {summary}")
