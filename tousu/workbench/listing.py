"""One way to show a list of cases: filters, sorting, pagination and the row data, shared by the
queues and the search page. Three queries per page whatever its size: count, rows, complainants
are not loaded at all (lists never show identities)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import QueryDict

from tousu.calendar import services as calendar
from tousu.cases import deadlines
from tousu.cases.models import Case, Kind, Severity
from tousu.categories.models import subtree_ids
from tousu.orgs.staff import unit_tree

PAGE_SIZE = 50
SORTS = {
    "due": F("current_due"),
    "number": F("number"),
    "received": F("received_at"),
    "severity": F("severity"),
    "unit": F("unit__name"),
    "kind": F("kind"),
}


@dataclass(frozen=True)
class Row:
    case: Case
    remaining: int | None
    state: str  # normal / warning / overdue


@dataclass(frozen=True)
class Listing:
    page: Page[Case]
    rows: list[Row]
    sort: str
    direction: str
    filters: dict[str, str]


def apply_filters(qs: QuerySet[Case], params: QueryDict) -> tuple[QuerySet[Case], dict[str, str]]:
    used: dict[str, str] = {}
    kind = params.get("kind", "")
    if kind in Kind.values:
        qs, used["kind"] = qs.filter(kind=kind), kind
    severity = params.get("severity", "")
    if severity in Severity.values:
        qs, used["severity"] = qs.filter(severity=severity), severity
    unit = params.get("unit", "")
    if unit:
        uid = unit_tree().id_for_code(unit)
        qs, used["unit"] = (qs.filter(unit_id=uid) if uid else qs.none()), unit
    category = params.get("category", "")
    if category:
        qs, used["category"] = qs.filter(category_id__in=subtree_ids(category)), category
    return qs, used


def build(
    qs: QuerySet[Case], params: QueryDict, now: datetime, default_sort: str = "due"
) -> Listing:
    qs, used = apply_filters(qs, params)
    sort = params.get("sort", default_sort)
    sort = sort if sort in SORTS else default_sort
    direction = "desc" if params.get("dir") == "desc" else "asc"
    key = SORTS[sort]
    order = key.desc(nulls_last=True) if direction == "desc" else key.asc(nulls_last=True)
    qs = qs.select_related("category", "unit").order_by(order, "-id")
    try:
        number = max(1, int(params.get("page", "1")))
    except ValueError:
        number = 1
    page = Paginator(qs, PAGE_SIZE).get_page(number)
    today_cal = calendar.get_calendar()
    today = calendar.local_date(now)
    rows = [
        Row(
            case=c,
            remaining=today_cal.remaining_workdays(today, calendar.local_date(c.current_due))
            if c.current_due is not None
            else None,
            state=deadlines.deadline_state(c, now),
        )
        for c in page.object_list
    ]
    return Listing(page=page, rows=rows, sort=sort, direction=direction, filters=used)
