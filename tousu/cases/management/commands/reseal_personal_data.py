"""`tousu manage reseal_personal_data`: after a data key rotation, seal again with the current key
everything sealed — the complainants' personal data, the attachments' file keys, and what the apps
above `cases` registered (the outbox's addresses) — and recompute the blind indexes (see
`cases.rekey` and docs/configuration.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tousu.cases.rekey import reseal


class Command(BaseCommand):
    help = (
        "Seal personal data, attachment keys and message addresses again with TOUSU_DATA_KEY "
        "(after a rotation; the old key must still be in TOUSU_DATA_KEYS_OLD) and recompute the "
        "blind indexes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = reseal()
        counts = ", ".join(f"{count} {label}" for label, count in done.items())
        self.stdout.write(f"Sealed again: {counts}.")
