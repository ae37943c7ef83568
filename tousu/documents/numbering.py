"""Document numbers 文号: each kind of document in its own series per year, 〔2026〕转办第0001号.

A number is allocated under a row lock on the series (`select_for_update`: PostgreSQL locks the
row; SQLite's transactions are serialised anyway, `transaction_mode=IMMEDIATE`), and written into
the register (`IssuedDocument`) in the same transaction. The register is keyed by what the document
is about — (case, kind, basis) for a case letter, (kind, basis) for another — so issuing the same
document again returns the number it was given, without allocating a new one; the check is
repeated under the lock, so two first downloads at once still get one number.

The caller renders the document inside the transaction of `issue` (see `service.py`): if
rendering fails, the number goes back, and no number is ever handed out for a document that was
never produced.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from tousu.calendar import services as calendar
from tousu.cases.issued import record_issued
from tousu.cases.models import Case

from .kinds import format_number
from .models import DocumentSeries, IssuedDocument


def year_of(now: datetime) -> int:
    """The centre's year at `now` (a letter issued on 1 January at 01:00 local is next year's)."""
    return now.astimezone(calendar.time_zone()).year


def issued(kind: str, *, case: Case | None = None, basis: str = "") -> IssuedDocument | None:
    """The document of this kind already issued for this case (or, without a case, this basis)."""
    return IssuedDocument.objects.filter(kind=kind, case=case, basis=basis).first()


def issue(
    kind: str, *, case: Case | None = None, basis: str = "", actor: Any, now: datetime
) -> tuple[IssuedDocument, bool]:
    """The document's register row, allocated now if it was not issued before: (row, created).
    The first issue of a case's document is also a case event ("issue_document"). Call it inside
    a transaction that also produces the document (the series row stays locked until it ends)."""
    found = issued(kind, case=case, basis=basis)
    if found is not None:
        return found, False
    with transaction.atomic():
        year = year_of(now)
        series, _created = DocumentSeries.objects.select_for_update().get_or_create(
            kind=kind, year=year
        )
        # Someone else may have issued it while this transaction waited for the lock.
        found = issued(kind, case=case, basis=basis)
        if found is not None:
            return found, False
        series.last += 1
        series.save(update_fields=["last"])
        row = IssuedDocument.objects.create(
            kind=kind,
            year=year,
            sequence=series.last,
            number=format_number(kind, year, series.last),
            case=case,
            basis=basis,
            issued_at=now,
            issued_by=actor if getattr(actor, "pk", None) is not None else None,
        )
        if case is not None:
            record_issued(case, actor=row.issued_by, now=now, document=kind, number=row.number)
    return row, True
