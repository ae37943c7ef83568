"""`tousu rotate-key`: after a new data key was put in place (TOUSU_DATA_KEY, the previous one
moved to TOUSU_DATA_KEYS_OLD), seal every sealed value of the project again with it and recompute
the blind indexes, batch by batch; then say whether the old keys can go. `--generate` prints a
new random key. The procedure is in docs/confidentiality.md."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tousu.cases import rekey
from tousu.lib import crypto


class Command(BaseCommand):
    help = (
        "Seal every sealed value (personal data, file keys and names, message addresses) again "
        "with TOUSU_DATA_KEY and recompute the blind indexes; resumable. --generate prints a "
        "new key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--generate", action="store_true", help="print a new random data key and stop"
        )
        parser.add_argument("--batch", type=int, default=200, help="rows per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate"]:
            self.stdout.write(secrets.token_urlsafe(48))
            return
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        current = crypto.current_key_id()
        before = rekey.stale()
        missing = rekey.unknown_keys(before)
        if missing:
            raise CommandError(
                f"values are sealed with key(s) {', '.join(missing)}, which neither "
                "TOUSU_DATA_KEY nor TOUSU_DATA_KEYS_OLD holds: put the previous key in "
                "TOUSU_DATA_KEYS_OLD and run again"
            )
        under = ", ".join(f"{n} under {kid}" for kid, n in sorted(before.items())) or "none"
        self.stdout.write(f"current key {current}; values under older keys: {under}")
        done = rekey.rotate(batch=options["batch"])
        counts = ", ".join(f"{count} {label}" for label, count in done.items())
        self.stdout.write(f"sealed again: {counts}")
        left = rekey.stale()
        if left:
            raise CommandError(
                f"{sum(left.values())} values are still under older keys; run rotate-key again"
            )
        self.stdout.write(
            f"every sealed value is under key {current}: the old keys can now be removed "
            "from TOUSU_DATA_KEYS_OLD"
        )
