"""The search result as an Excel workbook (.xlsx): one sheet, headers in the user's language.

The rows are read in chunks (`iterator(chunk_size=2000)`) with their category, unit and
respondent joined and, for the centre, the complainants prefetched per chunk: a fixed number of
queries per 2,000 rows, whatever the row count. openpyxl's write-only mode keeps memory flat.
Complainants appear only for the centre's staff, and then masked (138****5678) — never in full;
a handling unit's export has no identity columns at all. Every value goes through
`lib.spreadsheet`: a citizen's "=HYPERLINK(…)" stays text, a stray control character is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from tousu.calendar import services as calendar
from tousu.cases import deadlines
from tousu.cases.access import IdentityAccess, identity_access
from tousu.cases.models import Case, Complainant, Respondent
from tousu.lib import spreadsheet
from tousu.lib.masking import mask_name, mask_phone

from . import listing

MAX_ROWS = 10_000
CHUNK = 2_000
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: Callable[[], str]
    value: Callable[[Case], Any]
    width: int


@dataclass(frozen=True)
class Result:
    rows: int
    truncated: bool


def _field(model: Any, name: str) -> Callable[[], str]:
    """A column named like the model field (its verbose name is translated already)."""
    return lambda: capfirst(str(model._meta.get_field(name).verbose_name))


def _local(value: datetime | None) -> datetime | None:
    """Excel has no time zones: the centre's wall-clock time."""
    if value is None:
        return None
    return value.astimezone(calendar.time_zone()).replace(tzinfo=None, microsecond=0)


def _yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def _columns(now: datetime, identity: Callable[[Case], IdentityAccess] | None) -> list[Column]:
    cal = calendar.get_calendar()

    def remaining(c: Case) -> int | None:
        return deadlines.remaining_workdays(c, now, cal)

    def respondent(c: Case) -> str:
        try:
            return c.respondent.name
        except Respondent.DoesNotExist:
            return ""

    columns = [
        Column(_field(Case, "number"), lambda c: c.number, 14),
        Column(_field(Case, "kind"), lambda c: c.get_kind_display(), 10),
        Column(_field(Case, "channel"), lambda c: c.get_channel_display(), 10),
        Column(_field(Case, "title"), lambda c: c.title, 40),
        Column(_field(Case, "category"), lambda c: c.category.name if c.category else "", 16),
        Column(_field(Case, "unit"), lambda c: c.unit.name if c.unit else "", 22),
        Column(_field(Case, "status"), lambda c: c.get_status_display(), 12),
        Column(_field(Case, "severity"), lambda c: c.get_severity_display(), 10),
        Column(_field(Case, "received_at"), lambda c: _local(c.received_at), 18),
        Column(_field(Case, "registered_at"), lambda c: _local(c.registered_at), 18),
        Column(_field(Case, "accepted_at"), lambda c: _local(c.accepted_at), 18),
        Column(_field(Case, "handle_due"), lambda c: _local(c.handle_due), 18),
        Column(_field(Case, "current_due"), lambda c: _local(c.current_due), 18),
        Column(lambda: _("Remaining working days"), remaining, 10),
        Column(
            lambda: _("Overdue"),
            lambda c: _yes_no(deadlines.deadline_state(c, now) == "overdue"),
            8,
        ),
        Column(lambda: capfirst(str(Respondent._meta.verbose_name)), respondent, 24),
        Column(_field(Case, "address"), lambda c: c.address, 30),
    ]
    if identity is not None:
        see = identity

        def people(c: Case) -> list[Complainant]:
            if c.anonymous or see(c) is IdentityAccess.HIDDEN:
                return []
            return list(c.complainants.all())

        def names(c: Case) -> str:
            if c.anonymous:
                return str(Case._meta.get_field("anonymous").verbose_name)
            return "、".join(mask_name(p.name) for p in people(c) if p.name)

        def phones(c: Case) -> str:
            return "、".join(mask_phone(p.phone) for p in people(c) if p.phone)

        columns += [
            Column(lambda: capfirst(str(Complainant._meta.verbose_name)), names, 14),
            Column(_field(Complainant, "phone"), phones, 16),
        ]
    return columns


def rows_of(qs: QuerySet[Case], params: Any, *, with_identity: bool) -> tuple[QuerySet[Case], int]:
    """The cases to write in the list's order (`params` carry the sort, see
    `search.with_default_sort`), capped at MAX_ROWS (+1 to detect more)."""
    key = listing.SORTS.get(params.get("sort", ""), listing.SORTS["received"])
    order = key.desc(nulls_last=True) if params.get("dir") == "desc" else key.asc(nulls_last=True)
    qs = qs.select_related("category", "unit", "respondent").order_by(order, "-id")
    if with_identity:
        qs = qs.prefetch_related(
            Prefetch(
                "complainants",
                queryset=Complainant.objects.only("id", "case_id", "position", "name", "phone"),
            )
        )
    return qs[: MAX_ROWS + 1], MAX_ROWS


def write(
    out: IO[bytes],
    qs: QuerySet[Case] | None,
    params: Any,
    *,
    user: Any,
    with_identity: bool,
    now: datetime,
) -> Result:
    """Write the workbook to `out`; `qs` None writes the headers alone."""
    columns = _columns(now, (lambda c: identity_access(user, c)) if with_identity else None)
    book = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = book.create_sheet(capfirst(str(Case._meta.verbose_name_plural)))
    for index, column in enumerate(columns, start=1):
        # Set in WriteOnlyWorksheet.__init__, unknown to the type stubs.
        sheet.column_dimensions[get_column_letter(index)].width = column.width  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header())
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count, truncated = 0, False
    if qs is not None:
        rows, limit = rows_of(qs, params, with_identity=with_identity)
        for case in _chunked(rows):
            if count == limit:
                truncated = True
                break
            sheet.append(spreadsheet.row(sheet, (column.value(case) for column in columns)))
            count += 1
    if truncated:
        note = WriteOnlyCell(
            sheet,
            value=_(
                "Only the first %(limit)s cases are exported. Narrow the search to export the rest."
            )
            % {"limit": f"{MAX_ROWS:,}"},
        )
        note.font = bold
        sheet.append([])
        sheet.append([note])
    book.save(out)
    return Result(rows=count, truncated=truncated)


def _chunked(qs: QuerySet[Case]) -> Iterator[Case]:
    return qs.iterator(chunk_size=CHUNK)
