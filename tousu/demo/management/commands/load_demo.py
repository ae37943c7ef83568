"""`tousu load-demo` / `tousu manage load_demo [--cases N] [--seed S]`: the demo centre.

Idempotent: units, accounts and categories are created or brought back to their demo values;
cases are generated only while the demo centre has none (a second run adds no cases).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tousu.cases.models import Case, Status
from tousu.demo.accounts import ACCOUNTS, CATEGORIES, UNITS, ensure_organisation
from tousu.demo.cases import DEMO_CENTRES, demo_has_cases, generate_cases
from tousu.lib.dbstats import refresh_statistics
from tousu.stats import rollup
from tousu.supervision.passes import supervise

DEFAULT_CASES = 300
DEFAULT_HISTORY = 240  # the year before: trends, month-on-month, the units' ranking history


class Command(BaseCommand):
    help = "Load the demo centre: units, accounts, categories and a month of cases (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cases",
            type=int,
            default=DEFAULT_CASES,
            help=f"how many cases to generate on the first run (default {DEFAULT_CASES}; "
            "at least 48 to show every status three times)",
        )
        parser.add_argument(
            "--history",
            type=int,
            default=DEFAULT_HISTORY,
            help=f"how many ended cases to spread over the eleven months before "
            f"(default {DEFAULT_HISTORY})",
        )
        parser.add_argument("--seed", type=int, default=12345, help="random seed (default 12345)")

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["cases"]
        if count < 0 or options["history"] < 0:
            raise CommandError("--cases and --history must not be negative")
        users = ensure_organisation()
        self.stdout.write(
            f"Demo organisation: {len(UNITS)} units, {len(ACCOUNTS)} accounts, "
            f"{len(CATEGORIES)} categories (created or updated)."
        )
        if demo_has_cases():
            existing = Case.objects.filter(centre__code__in=DEMO_CENTRES).count()
            self.stdout.write(f"Cases: the demo centre already has {existing}; none added.")
            return
        result = generate_cases(users, count, seed=options["seed"], history=options["history"])
        refresh_statistics()
        self.stdout.write(f"Cases: {result.created} generated.")
        line = ", ".join(f"{s} {result.statuses[s]}" for s in Status.values if result.statuses[s])
        self.stdout.write(f"  by status: {line}")
        # The worker would do it within a minute: the demo opens with its 催办 and 督办 made.
        self.stdout.write(f"Supervision pass: {supervise(timezone.now())}")
        # …and its statistics counted (the worker's stats-update job, done now).
        self.stdout.write(f"Statistics: {rollup.catch_up(timezone.now())} events counted.")
