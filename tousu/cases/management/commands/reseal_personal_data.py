"""`tousu manage reseal_personal_data`: after a data key rotation, seal the complainants' personal
data and the attachments' file keys again with the current key, and recompute the blind indexes
(see `cases.rekey` and docs/configuration.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tousu.cases.rekey import reseal


class Command(BaseCommand):
    help = (
        "Seal personal data and attachment keys again with TOUSU_DATA_KEY (after a rotation; the "
        "old key must still be in TOUSU_DATA_KEYS_OLD) and recompute the blind indexes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = reseal()
        self.stdout.write(
            f"Sealed again: {done.complainants} complainants, {done.attachments} attachment keys."
        )
