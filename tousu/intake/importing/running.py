"""Registering the rows: each through `register`, each exactly once, each on its own.

A row is an inbound message of its channel (`intake.receiving.once`, id `import:<hash of the
row>`): the row and its case are written in one transaction with the `InboundMessage` that
records them, so a file run twice — or an import killed half-way and started again — registers
no row twice. A row with an `external_id` is also caught by `register` itself (unique per
channel), when the case came in another way first. A row that fails registers nothing and
does not stop the rows after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tousu.cases.errors import AlreadyRegistered, InvalidInput
from tousu.cases.models import Case
from tousu.cases.registration import register

from ..models import InboundMessage, Outcome
from ..receiving import once
from .checking import Checked
from .columns import column_of

IMPORTED = "imported"
SKIPPED = "skipped"  # imported before: by an earlier run, or an identical row above it
REJECTED = "rejected"


@dataclass
class RowOutcome:
    row: int
    status: str
    case_id: int | None = None
    problems: dict[str, list[str]] = field(default_factory=dict)


def import_row(
    checked: Checked,
    *,
    actor: Any,
    now: datetime,
    note: str,
    counted: Callable[[str], None] = lambda status: None,
) -> RowOutcome:
    """Register one checked row. `note` marks the `InboundMessage` (no personal data: "import
    job 12 row 7"); a row found already recorded under the same note was registered by this very
    import before it was interrupted, and counts as imported. `counted(status)` is called once per
    row — for an imported row inside the transaction that registers it, so that counts kept in
    the database are exact even if the process dies between two rows."""
    number = checked.row.number
    if not checked.ok:
        counted(REJECTED)
        return RowOutcome(number, REJECTED, problems=checked.problems)

    def handle() -> tuple[str, Case | None, str]:
        case = register(checked.new, actor=actor, now=now)
        counted(IMPORTED)
        return Outcome.REGISTERED, case, note

    try:
        handled = once(checked.new.channel, checked.message_id, now, handle)
    except AlreadyRegistered as already:
        counted(SKIPPED)
        return RowOutcome(number, SKIPPED, case_id=already.case_id)
    except InvalidInput as refused:  # what changed since the row was checked (a category)
        problems: dict[str, list[str]] = {}
        for name, messages in refused.fields.items():
            problems.setdefault(column_of(name), []).extend(messages)
        counted(REJECTED)
        return RowOutcome(number, REJECTED, problems=problems)
    if handled.first:
        return RowOutcome(number, IMPORTED, case_id=handled.case_id)
    earlier = (
        InboundMessage.objects.filter(channel=checked.new.channel, message_id=checked.message_id)
        .values_list("note", flat=True)
        .first()
    )
    status = IMPORTED if earlier == note else SKIPPED
    counted(status)
    return RowOutcome(number, status, case_id=handled.case_id)


def imported_before(rows: Iterable[Checked]) -> dict[int, int]:
    """Row number → the case of each valid row that an import (or, by its external id, any
    channel) registered before: what a dry run and the preview call "already imported". A few
    queries for any number of rows."""
    by_message: dict[tuple[str, str], int] = {}
    by_external: dict[tuple[str, str], int] = {}
    for checked in rows:
        if checked.ok:
            channel = checked.new.channel
            by_message[(channel, checked.message_id)] = checked.row.number
            if checked.new.external_id.strip():
                by_external[(channel, checked.new.external_id.strip())] = checked.row.number
    found: dict[int, int] = {}
    for channel, rows_of in _per_channel(by_message).items():
        for chunk in _chunks(list(rows_of)):
            for message_id, case_id in InboundMessage.objects.filter(
                channel=channel, message_id__in=chunk, case__isnull=False
            ).values_list("message_id", "case_id"):
                found[rows_of[message_id]] = case_id
    for channel, rows_of in _per_channel(by_external).items():
        for chunk in _chunks(list(rows_of)):
            for external_id, case_id in Case.objects.filter(
                channel=channel, external_id__in=chunk
            ).values_list("external_id", "pk"):
                found.setdefault(rows_of[external_id], case_id)
    return found


def _per_channel(keyed: dict[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    per_channel: dict[str, dict[str, int]] = defaultdict(dict)
    for (channel, value), row in keyed.items():
        per_channel[channel][value] = row
    return per_channel


def _chunks(values: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
