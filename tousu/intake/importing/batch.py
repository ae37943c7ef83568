"""A whole file at once, in this process: what `tousu import FILE [--dry-run]` runs."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from tousu.cases.registration import centre_for
from tousu.categories.models import Category

from .checking import Checked, check_row
from .reading import Row, Table, read_table
from .running import IMPORTED, REJECTED, SKIPPED, RowOutcome, import_row, imported_before

log = logging.getLogger("tousu.intake")


@dataclass
class Report:
    table: Table
    centre: str
    dry_run: bool
    outcomes: list[RowOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def imported(self) -> int:
        return self.count(IMPORTED)

    @property
    def skipped(self) -> int:
        return self.count(SKIPPED)

    @property
    def rejected(self) -> int:
        return self.count(REJECTED)


def active_categories() -> frozenset[str]:
    return frozenset(Category.objects.filter(is_active=True).values_list("code", flat=True))


def check_rows(rows: Iterable[Row], *, centre: str, now: datetime) -> list[Checked]:
    """Every row checked against the categories active now (one query for all)."""
    known = active_categories()
    return [check_row(row, now=now, centre=centre, categories=known) for row in rows]


def import_file(
    data: bytes,
    name: str,
    *,
    actor: Any,
    centre: str | None = None,
    dry_run: bool = False,
    clock: Callable[[], datetime] = timezone.now,
    on_row: Callable[[RowOutcome], None] = lambda outcome: None,
) -> Report:
    """Check every row, then (unless `dry_run`) register the good ones, one transaction each.

    Raises `reading.FileProblem` for a file that cannot be read at all, and InvalidInput or
    Forbidden — before any row — when `actor` may not register cases for `centre` (None: the
    actor's own centre; for the `system` actor, TOUSU_PUBLIC_CENTRE)."""
    table = read_table(data, name, max_rows=settings.TOUSU_IMPORT_MAX_ROWS)
    unit = centre_for(actor, centre)
    report = Report(table=table, centre=unit.code, dry_run=dry_run)
    checked = check_rows(table.rows, centre=unit.code, now=clock())
    # Rows imported before are found in a few queries, not tried one by one (a file run again
    # costs a read); `once` still guards each row tried, should another run race this one.
    before = imported_before(checked)
    run = secrets.token_hex(6)  # tells this run's rows from an earlier run's in the admin
    for row in checked:
        if dry_run or row.row.number in before or not row.ok:
            outcome = _predicted(row, before)
        else:
            note = f"import {run} row {row.row.number}"
            outcome = import_row(row, actor=actor, now=clock(), note=note)
        report.outcomes.append(outcome)
        on_row(outcome)
    if not dry_run:
        log.info(
            "import of %s rows for %s: imported=%s skipped=%s rejected=%s",
            len(table.rows),
            unit.code,
            report.imported,
            report.skipped,
            report.rejected,
        )
    return report


def _predicted(row: Checked, before: dict[int, int]) -> RowOutcome:
    number = row.row.number
    if not row.ok:
        return RowOutcome(number, REJECTED, problems=row.problems)
    if number in before:
        return RowOutcome(number, SKIPPED, case_id=before[number])
    return RowOutcome(number, IMPORTED)
