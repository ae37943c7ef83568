"""补充材料: what a citizen adds to their own case after it was registered — a reply in the
e-mail thread, material from the portal's track page — as one "supplement" event.

The citizen is no member of staff, so the `system` actor writes it (as it registers what the
public channels bring); the channel that brought it is in the event's data. The text is the
event's note, the files become the case's attachments through the same checks as any upload
(`attachments.check_file`: size, type by content). Like `attach`, it changes no status and needs
no guarded update: it only appends. The fan-out tells whoever holds the case (material added)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from tousu.orgs.staff import system_user

from .attachments import attached, check_file, store_file
from .errors import InvalidInput, NotAllowed
from .models import FINAL_STATUSES, Attachment, Case, CaseEvent, Channel

VERB = "supplement"


def add_material(
    case: Case,
    *,
    now: datetime,
    channel: str,
    text: str = "",
    files: Sequence[tuple[str, bytes]] = (),
) -> CaseEvent:
    """Add the citizen's text and files (name, content) to the case in one transaction.

    Refused, with nothing written: a case that is closed (NotAllowed), nothing at all, a text
    too long, a file too large or of a type not accepted (InvalidInput naming `text` or
    `files[i]`)."""
    if case.status in FINAL_STATUSES:
        raise NotAllowed(gettext("material cannot be added to a closed case"), status=case.status)
    text = text.strip()
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values:
        errors["channel"] = [gettext("is not a known channel")]
    if not text and not files:
        errors["text"] = [gettext("give a text or a file")]
    if len(text) > settings.TOUSU_TEXT_MAX_CHARS:
        errors["text"] = [
            gettext("is longer than %(limit)s characters")
            % {"limit": settings.TOUSU_TEXT_MAX_CHARS}
        ]
    types = _checked(files, errors)
    if errors:
        raise InvalidInput(errors)
    actor = system_user()
    with transaction.atomic():
        stored = [
            store_file(case, actor=actor, now=now, name=name, data=data, content_type=kind)
            for (name, data), kind in zip(files, types, strict=True)
        ]
        return CaseEvent.objects.create(
            case=case,
            verb=VERB,
            actor=actor,
            at=now,
            from_status=case.status,
            to_status=case.status,
            note=text,
            data={
                "channel": channel,
                "files": [{"attachment": row.pk, "type": row.content_type} for row in stored],
            },
        )


def files_received(
    case: Case, *, now: datetime, files: Sequence[tuple[str, bytes]]
) -> list[Attachment]:
    """The files a public channel received with a new case (an e-mail's attachments): each checked
    like any upload, stored and logged with its "attach" event, as a clerk's upload at intake —
    by the `system` actor, since the citizen sent them. All or nothing (InvalidInput naming
    `files[i]`); call it in the registration's transaction."""
    errors: dict[str, list[str]] = {}
    types = _checked(files, errors)
    if errors:
        raise InvalidInput(errors)
    actor = system_user()
    rows = []
    with transaction.atomic():
        for (name, data), kind in zip(files, types, strict=True):
            row = store_file(case, actor=actor, now=now, name=name, data=data, content_type=kind)
            attached(case, row, actor=actor, now=now)
            rows.append(row)
    return rows


def _checked(files: Sequence[tuple[str, bytes]], errors: dict[str, list[str]]) -> list[str]:
    """Each file's content type; what is wrong with the others goes into `errors` (`files[i]`)."""
    types: list[str] = []
    for i, (_name, data) in enumerate(files):
        try:
            types.append(check_file(data, field=f"files[{i}]"))
        except InvalidInput as exc:
            errors.update(exc.fields)
    return types
