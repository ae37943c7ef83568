"""Attachments: checked by content and size, stored encrypted under a random name, logged as an
event.

Each file is sealed with its own random key (`tousu.lib.filecrypt`, chunked AES-256-GCM); that key
is kept in the row (`Attachment.file_key`), itself sealed by the data key and bound to the case
and the stored name — so the file on disk, or the disk alone, reveals nothing. Every read of a
file goes through `open_file` (streaming) or `read`.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from tousu.lib import filecrypt
from tousu.lib.filetypes import sniff
from tousu.orgs.staff import staff_of

from .errors import Forbidden, InvalidInput, NotAllowed
from .models import FINAL_STATUSES, Attachment, Case, CaseEvent
from .rights import may


def attach(
    case: Case, *, actor: Any, now: datetime, name: str, data: bytes, confidential: bool = False
) -> Attachment:
    if not may("attach", staff_of(actor), case, now):
        raise Forbidden(gettext("you may not add files to this case"))
    if case.status in FINAL_STATUSES:
        raise NotAllowed(gettext("files cannot be added to a closed case"), status=case.status)
    content_type = check_file(data)
    with transaction.atomic():
        row = store_file(
            case,
            actor=actor,
            now=now,
            name=name,
            data=data,
            content_type=content_type,
            confidential=confidential,
        )
        attached(case, row, actor=actor, now=now)
    return row


def attached(case: Case, row: Attachment, *, actor: Any, now: datetime) -> CaseEvent:
    """The "attach" event of a stored file (`store_file`)."""
    return CaseEvent.objects.create(
        case=case,
        verb="attach",
        actor=actor,
        at=now,
        from_status=case.status,
        to_status=case.status,
        data={
            # No name: it says whose file it is, so it is sealed in the attachment's row
            # (the timeline reads it there, for those who may see the file).
            "attachment": row.pk,
            "type": row.content_type,
            "size": row.size,
            "confidential": row.confidential,
        },
    )


def check_file(data: bytes, field: str = "file") -> str:
    """The content type of an acceptable file (size, not empty, a type recognised by content);
    else InvalidInput naming `field`."""
    limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
    if len(data) > limit:
        raise InvalidInput.one(
            field, gettext("is larger than %(size)s MB") % {"size": limit // (1024 * 1024)}
        )
    if not data:
        raise InvalidInput.one(field, gettext("is empty"))
    kind = sniff(data)
    if kind is None:
        raise InvalidInput.one(
            field,
            gettext("this type of file is not accepted (images, PDF, Office documents, audio)"),
        )
    return kind[0]


def store_file(
    case: Case,
    *,
    actor: Any,
    now: datetime,
    name: str,
    data: bytes,
    content_type: str,
    confidential: bool = False,
) -> Attachment:
    """Seal and save a checked file (`check_file`) as the case's attachment, without an event:
    the caller writes the one event that says why it came (`attach`, a citizen's supplement)."""
    clean_name = (name or "file").replace("/", "_").replace("\\", "_")[-200:]
    row = Attachment(
        case=case,
        original_name=clean_name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
        uploaded_at=now,
        confidential=confidential,
    )
    key = filecrypt.new_key()
    row.file_key = base64.b64encode(key).decode()
    # A random stored name: two uploads of the same file are two files under two keys.
    row.file.save(secrets.token_hex(16), ContentFile(filecrypt.encrypt(key, data)), save=False)
    row.save()
    return row


def open_file(row: Attachment) -> filecrypt.SealedFileReader:
    """The plaintext of an attachment as a seekable, streaming file (close it after use)."""
    return filecrypt.SealedFileReader(row.file.open("rb"), _key_of(row))


def read(row: Attachment) -> bytes:
    """The plaintext of an attachment, whole."""
    with open_file(row) as plain:
        return plain.read()


def _key_of(row: Attachment) -> bytes:
    return base64.b64decode(row.file_key)
