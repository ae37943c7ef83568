"""`tousu assessment freeze --month YYYY-MM [--force]`: store a month's unit ranking for good."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tousu.assessment.months import month_label, parse_month
from tousu.assessment.ranking import CannotFreeze, freeze


class Command(BaseCommand):
    help = (
        "freeze --month YYYY-MM: compute and store the month's unit ranking, which then never "
        "changes; a month frozen already is left as it is unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        frozen = actions.add_parser("freeze", help="freeze a month's ranking")
        frozen.add_argument("--month", required=True, help="the month, YYYY-MM")
        frozen.add_argument(
            "--force", action="store_true", help="compute a frozen month again and replace it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        month = parse_month(options["month"])
        if month is None:
            raise CommandError(f"--month: not a month YYYY-MM: {options['month']!r}")
        try:
            done = freeze(month, timezone.now(), force=options["force"])
        except CannotFreeze as exc:
            raise CommandError(str(exc)) from exc
        if done.ranking is None:
            self.stdout.write(f"{month_label(month)} is frozen already (--force computes it again)")
        else:
            self.stdout.write(
                f"frozen {month_label(month)}: units={done.units} scheme={done.ranking.scheme}"
            )
