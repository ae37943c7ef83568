"""One way to show a list of cases: filters, sorting, pagination and the row data, shared by the
queues and the search page. Three queries per page whatever its size: count, rows, complainants
are not loaded at all (lists never show identities)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import QueryDict
from django.utils.functional import cached_property

from tousu.calendar import services as calendar
from tousu.cases import deadlines
from tousu.cases.models import Case, Escalation, EscalationState, Kind, Severity
from tousu.categories.models import subtree_ids
from tousu.orgs.staff import unit_tree

PAGE_SIZE = 50
# A queue counts its cases up to this many (more shows as "1000+"): at a million cases an exact
# total of a unit's 100,000 costs ~170 ms, while the reader needs the first pages and the
# badges, which are exact (docs/performance.md, "1,000,000 cases").
COUNT_LIMIT = 1000
SORTS: dict[str, F | Subquery] = {
    "due": F("current_due"),
    "number": F("number"),
    "received": F("received_at"),
    "severity": F("severity"),
    "unit": F("unit__name"),
    "kind": F("kind"),
    # The open 督办's answer due time: late answers first (cases without one last).
    "answer_due": Subquery(
        Escalation.objects.filter(case=OuterRef("pk"), state=EscalationState.OPEN).values(
            "answer_due"
        )[:1]
    ),
}


class CappedPaginator(Paginator[Case]):
    """Counts at most `limit` + 1 rows: enough to say "N+" and to know a next page exists.
    The limit grows with the page asked for, so that every page can still be reached."""

    def __init__(self, object_list: QuerySet[Case], per_page: int, limit: int) -> None:
        super().__init__(object_list, per_page)
        self.cases = object_list
        self.limit = limit

    @cached_property
    def count(self) -> int:
        # No ORDER BY inside: the database stops at the limit without sorting anything.
        found: int = self.cases.order_by()[: self.limit + 1].count()
        return found

    @property
    def capped(self) -> bool:
        """More rows exist than were counted."""
        return self.count > self.limit

    @property
    def shown_count(self) -> int:
        return min(self.count, self.limit)

    @property
    def shown_pages(self) -> int:
        return -(-self.shown_count // self.per_page)


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
    qs: QuerySet[Case],
    params: QueryDict,
    now: datetime,
    default_sort: str = "due",
    *,
    capped: bool = False,
) -> Listing:
    """One page of the cases. `capped`: count at most COUNT_LIMIT (queues); otherwise exactly
    (search, whose total decides whether the export may run)."""
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
    paginator: Paginator[Case] = (
        CappedPaginator(qs, PAGE_SIZE, max(COUNT_LIMIT, number * PAGE_SIZE))
        if capped
        else Paginator(qs, PAGE_SIZE)
    )
    page = paginator.get_page(number)
    today_cal = calendar.get_calendar()
    rows = [
        Row(
            case=c,
            remaining=deadlines.remaining_workdays(c, now, today_cal),
            state=deadlines.deadline_state(c, now),
        )
        for c in page.object_list
    ]
    return Listing(page=page, rows=rows, sort=sort, direction=direction, filters=used)
