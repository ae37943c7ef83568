"""A document issued for a case (a transfer letter, a reply letter, …), logged as an event.

The documents app numbers and renders the letters; the first time one is issued it is written here
as an "issue_document" event, so that the timeline shows which letter went out, when, by whom and
under which number. It changes no status (like `attachments.attached`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .models import Case, CaseEvent

VERB = "issue_document"


def record_issued(
    case: Case, *, actor: Any, now: datetime, document: str, number: str
) -> CaseEvent:
    """The "issue_document" event: `document` is the kind's name ("transfer"), `number` the
    document number it was given (〔2026〕转办第0001号)."""
    return CaseEvent.objects.create(
        case=case,
        verb=VERB,
        actor=actor,
        at=now,
        from_status=case.status,
        to_status=case.status,
        data={"document": document, "number": number},
    )
