"""Seal the names attachments came with ("张三身份证.pdf" says whose file it is), and take them out
of the events that recorded them.

- `Attachment.original_name` becomes a sealed column bound to its case and stored file (like the
  file key); every name stored in clear is sealed with the current data key.
- The "attach" events (and the citizens' "supplement" events) kept a copy of the name in their
  data: it is removed — the timeline reads the name from the attachment, through the access gate.
  Events are append-only for the application; this migration is the one place their data is
  rewritten, to take personal data out, not to change what happened.

Not reversible: going back would mean writing the names out in clear again.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.db import migrations

import tousu.lib.fields
from tousu.lib import crypto
from tousu.lib.fields import Sealed


def seal_names(apps: Any, schema_editor: Any) -> None:
    Attachment = apps.get_model("cases", "Attachment")
    db = schema_editor.connection.alias
    field = Attachment._meta.get_field("original_name")
    rows = Attachment.objects.using(db).values_list("pk", "case_id", "file", "original_name")
    for pk, case_id, file, value in rows.iterator(chunk_size=1000):
        if not isinstance(value, Sealed):  # empty
            continue
        context = field.context_of(SimpleNamespace(case_id=case_id, file=file))
        if _opens(value.token, context):
            continue  # sealed already (the migration ran part-way before)
        token = crypto.encrypt(value.token, context=context)
        Attachment.objects.using(db).filter(pk=pk).update(original_name=Sealed(token))


def _opens(token: str, context: str) -> bool:
    if not token.startswith("v2:"):
        return False
    try:
        crypto.decrypt(token, context=context)
    except crypto.DecryptionError:
        return False
    return True


def names_out_of_events(apps: Any, schema_editor: Any) -> None:
    CaseEvent = apps.get_model("cases", "CaseEvent")
    db = schema_editor.connection.alias
    plain = CaseEvent._base_manager.db_manager(db)  # the historical model: no append-only guard
    events = plain.filter(verb__in=["attach", "supplement"])
    for pk, data in events.values_list("pk", "data").iterator(chunk_size=1000):
        cleaned = _without_names(data)
        if cleaned != data:
            plain.filter(pk=pk).update(data=cleaned)


def _without_names(data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    out = {k: v for k, v in data.items() if k != "name"}
    if isinstance(out.get("files"), list):
        out["files"] = [
            {k: v for k, v in f.items() if k != "name"} if isinstance(f, dict) else f
            for f in out["files"]
        ]
    return out


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_public_channels"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="original_name",
            field=tousu.lib.fields.EncryptedTextField(
                bound_to=("case_id", "file"), verbose_name="file name"
            ),
        ),
        migrations.RunPython(seal_names, elidable=False),
        migrations.RunPython(names_out_of_events, elidable=False),
    ]
