"""`tousu stats update|rebuild|check`: keep, rebuild or check the statistics' rollup."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tousu.stats import rollup


class Command(BaseCommand):
    help = (
        "update: count the events not yet counted; rebuild: count every case again from "
        "nothing; check: recount every case in memory and compare with the rollup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["update", "rebuild", "check"])

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        action = options["action"]
        if action == "update":
            self.stdout.write(f"events={rollup.catch_up(now)}")
        elif action == "rebuild":
            self.stdout.write(f"cases={rollup.rebuild(now)}")
        else:
            rollup.catch_up(now)
            wrong = rollup.differences()
            for key, (stored, counted) in sorted(wrong.items(), key=str)[:50]:
                self.stdout.write(f"{key}: rollup {stored}, recount {counted}")
            if wrong:
                raise CommandError(f"differences={len(wrong)}")
            self.stdout.write("differences=0")
