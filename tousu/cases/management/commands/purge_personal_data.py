"""`tousu purge [--older-than 3y] [--dry-run]`: remove the personal data of the cases that ended
before the retention period (TOUSU_RETENTION_DAYS), keeping the cases for the statistics — see
`tousu.cases.retention` and docs/confidentiality.md."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tousu.cases import retention


class Command(BaseCommand):
    help = (
        "Anonymise the cases that ended more than the retention period ago (TOUSU_RETENTION_DAYS, "
        "or a longer --older-than): complainants, contact, files, free text; statistics stay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            help="ended at least this long ago: 3y, 18m, 6w, 400d or 400 (days); "
            "default and minimum: TOUSU_RETENTION_DAYS",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be purged, write nothing"
        )
        parser.add_argument("--batch", type=int, default=100, help="case ids read at a time")
        parser.add_argument("--limit", type=int, help="stop after this many cases")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        try:
            age = retention.parse_age(options["older_than"]) if options["older_than"] else None
            before = retention.cutoff(age, now)
        except retention.BadAge as exc:
            raise CommandError(str(exc)) from None
        if options["batch"] < 1 or (options["limit"] is not None and options["limit"] < 1):
            raise CommandError("--batch and --limit must be at least 1")
        dry = options["dry_run"]
        verb = "would purge" if dry else "purged"
        count = 0
        for done in retention.purge(
            before, now=now, dry_run=dry, batch=options["batch"], limit=options["limit"]
        ):
            count += 1
            closed = timezone.localtime(done.closed_at).date().isoformat()
            self.stdout.write(
                f"{verb} {done.number} (ended {closed}): {done.complainants} complainants, "
                f"{done.attachments} files"
            )
        cut = timezone.localtime(before).date().isoformat()
        if dry:
            self.stdout.write(
                f"cases ended before {cut}: would purge={count} (dry run: nothing written)"
            )
        else:
            self.stdout.write(f"cases ended before {cut}: purged={count}")
