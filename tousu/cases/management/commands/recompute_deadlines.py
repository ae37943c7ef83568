"""`tousu recompute-deadlines [--year Y | --since DAY]`: replay open cases' deadlines on the
calendar as it is now (after a year was published or a day corrected; see `cases.recompute`).

The admin does the same by itself when an override or a published year is saved or deleted; the
command is for changes made another way (a fixture, a script) and for re-running after conflicts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tousu.calendar import services as calendar
from tousu.cases.recompute import recompute, since_year


class Command(BaseCommand):
    help = (
        "Recompute the deadlines of open cases that reach a year (--year) or a day (--since, "
        "default today) on the current working-day calendar; each change is recorded as an event."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--year", type=int, help="cases with a deadline in this year or later")
        which.add_argument(
            "--since", type=date.fromisoformat, help="cases with a deadline on this day or later"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        year: int | None = options["year"]
        if year is not None and not 2000 <= year <= 2200:
            raise CommandError("--year must be between 2000 and 2200")
        since: date = (
            since_year(year) if year is not None else options["since"] or calendar.local_date(now)
        )
        outcome = recompute(since, actor=None, now=now)
        self.stdout.write(
            f"Examined {outcome.examined} open cases with a deadline on or after {since}: "
            f"{len(outcome.changed)} changed."
        )
        if outcome.conflicts:
            self.stdout.write(
                f"{len(outcome.conflicts)} changed meanwhile and were left as they are; "
                "run the command again for them."
            )
