"""After rotating the data key: seal again, with the current key, what older keys sealed, and
recompute the blind indexes (keyed with the current key, so search finds the older rows again).

Run by `tousu manage reseal_personal_data` once the new key is TOUSU_DATA_KEY and the old one is
in TOUSU_DATA_KEYS_OLD; afterwards the old key can be dropped from the ring.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tousu.lib import crypto
from tousu.lib.fields import stored_token

from .models import Attachment, Complainant

PERSONAL = ("name", "id_number", "phone", "address")


@dataclass(frozen=True)
class Resealed:
    complainants: int
    attachments: int


def reseal(batch: int = 500) -> Resealed:
    with transaction.atomic():
        return Resealed(_complainants(batch), _attachments(batch))


def _complainants(batch: int) -> int:
    changed = 0
    for person in Complainant.objects.order_by("pk").iterator(chunk_size=batch):
        stale = any(crypto.needs_reseal(stored_token(person, f) or "") for f in PERSONAL)
        indexes = (person.name_index, person.phone_index)
        person.refresh_indexes()
        if stale or indexes != (person.name_index, person.phone_index):
            person.save(update_fields=[*PERSONAL, "name_index", "phone_index"])
            changed += 1
    return changed


def _attachments(batch: int) -> int:
    changed = 0
    for row in Attachment.objects.order_by("pk").iterator(chunk_size=batch):
        if crypto.needs_reseal(stored_token(row, "file_key") or ""):
            _ = row.file_key  # opened with the key that sealed it, sealed again on save
            row.save(update_fields=["file_key"])
            changed += 1
    return changed
