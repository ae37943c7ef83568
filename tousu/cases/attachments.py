"""Attachments: checked by content and size, stored under their hash, logged as an event."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

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
    limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
    if len(data) > limit:
        raise InvalidInput.one(
            "file", gettext("is larger than %(size)s MB") % {"size": limit // (1024 * 1024)}
        )
    if not data:
        raise InvalidInput.one("file", gettext("is empty"))
    kind = sniff(data)
    if kind is None:
        raise InvalidInput.one(
            "file",
            gettext("this type of file is not accepted (images, PDF, Office documents, audio)"),
        )
    content_type, _ext = kind
    digest = hashlib.sha256(data).hexdigest()
    clean_name = (name or "file").replace("/", "_").replace("\\", "_")[-200:]
    with transaction.atomic():
        row = Attachment(
            case=case,
            original_name=clean_name,
            content_type=content_type,
            size=len(data),
            sha256=digest,
            uploaded_by=actor,
            uploaded_at=now,
            confidential=confidential,
        )
        row.file.save(digest, ContentFile(data), save=False)
        row.save()
        CaseEvent.objects.create(
            case=case,
            verb="attach",
            actor=actor,
            at=now,
            from_status=case.status,
            to_status=case.status,
            data={
                "attachment": row.pk,
                "name": clean_name,
                "type": content_type,
                "size": len(data),
                "confidential": confidential,
            },
        )
    return row
