"""`tousu open311-key NAME`: a new API key for an Open311 client, printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tousu.intake.open311.models import ApiKey


class Command(BaseCommand):
    help = "Print a new Open311 API key (api_key) for the named client; only its hash is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="whose key it is (an app, a partner)")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        if not name or len(name) > 100:
            raise CommandError("the name must be 1 to 100 characters")
        _row, key = ApiKey.issue(name, timezone.now())
        self.stdout.write(key)
