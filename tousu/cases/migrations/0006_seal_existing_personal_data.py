"""Seal what was stored before the data key had ids and contexts, and before files were encrypted.

- Complainants: every `v1:` value (one key, no associated data) is opened (any key of the ring)
  and sealed again as `v2:<key id>:…`, bound to its field and row. The migration is complete:
  afterwards the code refuses `v1:` values, so an old ciphertext copied from a backup into a row
  does not open there.
- Attachments: every plaintext file is encrypted under a new random key and a random name, the
  key sealed into `file_key`; the plaintext files are removed once the transaction has committed
  (several rows could share one, since they were stored under their content hash), and the
  attachment folders left are made 0700 (files 0600).

Not reversible: going back would mean writing the personal data out in clear again.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db import migrations, transaction

from tousu.lib import crypto, filecrypt
from tousu.lib.fields import Sealed

log = logging.getLogger("tousu.migrations")

PERSONAL = ("name", "id_number", "phone", "address")


def reseal_complainants(apps: Any, schema_editor: Any) -> None:
    Complainant = apps.get_model("cases", "Complainant")
    db = schema_editor.connection.alias
    fields = {name: Complainant._meta.get_field(name) for name in PERSONAL}
    rows = Complainant.objects.using(db).values_list("pk", "case_id", "position", *PERSONAL)
    for pk, case_id, position, *values in rows.iterator(chunk_size=1000):
        row = SimpleNamespace(case_id=case_id, position=position)
        changes = {}
        for name, value in zip(PERSONAL, values, strict=True):
            if isinstance(value, Sealed) and value.token.startswith("v1:"):
                plain = crypto.open_v1(value.token)
                token = crypto.encrypt(plain, context=fields[name].context_of(row))
                changes[name] = Sealed(token)
        if changes:
            Complainant.objects.using(db).filter(pk=pk).update(**changes)


def seal_attachments(apps: Any, schema_editor: Any) -> None:
    Attachment = apps.get_model("cases", "Attachment")
    db = schema_editor.connection.alias
    storage: Storage = Attachment._meta.get_field("file").storage
    plaintext: set[str] = set()
    for row in Attachment.objects.using(db).filter(file_key="").order_by("pk").iterator():
        old = row.file.name
        if not storage.exists(old):
            log.warning("attachment %s: its file %s is missing; left as it is", row.pk, old)
            continue
        with storage.open(old, "rb") as f:
            data = f.read()
        key = filecrypt.new_key()
        name = secrets.token_hex(16)
        row.file = storage.save(
            f"attachments/{name[:2]}/{name}", ContentFile(filecrypt.encrypt(key, data))
        )
        row.file_key = base64.b64encode(key).decode()
        row.save(update_fields=["file", "file_key"])
        plaintext.add(old)
    transaction.on_commit(lambda: _remove_plaintext(storage, plaintext), using=db)


def _remove_plaintext(storage: Storage, names: set[str]) -> None:
    for name in sorted(names):
        storage.delete(name)
    if isinstance(storage, FileSystemStorage) and storage.exists("attachments"):
        _tighten(storage.path("attachments"))


def _tighten(root: str) -> None:
    """Empty folders removed, the others 0700, files 0600 (the settings' upload modes)."""
    for folder, subfolders, files in os.walk(root, topdown=False):
        for file in files:
            os.chmod(os.path.join(folder, file), 0o600)
        empty = not files and not any(os.path.isdir(os.path.join(folder, s)) for s in subfolders)
        if empty and folder != root:
            os.rmdir(folder)
        else:
            os.chmod(folder, 0o700)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_sealed_fields_and_file_keys"),
    ]

    operations = [
        migrations.RunPython(reseal_complainants, elidable=False),
        migrations.RunPython(seal_attachments, elidable=False),
    ]
