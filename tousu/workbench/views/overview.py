"""The leaders' overview: today's intake, counts by status, due-soon and overdue cases per
handling unit, and the cases awaiting this user's sign-off.

Every figure is one aggregate query over `visible_cases(user)` (no loop over units or cases):
a fixed number of queries whatever the size of the centre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tousu.calendar import services as calendar
from tousu.cases import deadlines, rights
from tousu.cases.access import visible_cases
from tousu.cases.models import LEADER_SIGNOFF_SEVERITIES, Case, Channel, Kind, Status
from tousu.orgs.models import Role
from tousu.orgs.staff import Staff, has_signoff_delegation, staff_of

from ..context import LEADERS

# A unit has the case in hand while it is to be signed for or being handled.
IN_HAND = (Status.DISPATCHED, Status.HANDLING)
SIGNOFF_SHOWN = 50


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class UnitLoad:
    code: str
    name: str
    in_hand: int
    due_soon: int
    overdue: int


@dataclass(frozen=True)
class Pending:
    case: Case
    remaining: int | None
    state: str


def may_see_overview(staff: Staff) -> bool:
    return staff.is_superuser or staff.has_any(LEADERS)


def local_day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Start of the centre's local day and of the next one."""
    day = calendar.local_date(now)
    start = datetime.combine(day, time.min, tzinfo=calendar.time_zone())
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=calendar.time_zone())
    return start, end


def todays_intake(cases: QuerySet[Case], now: datetime) -> dict[str, Any]:
    """Cases received today, in total, by channel and by kind: one query."""
    start, end = local_day_bounds(now)
    totals = cases.filter(received_at__gte=start, received_at__lt=end).aggregate(
        total=Count("id"),
        **{f"channel_{value}": Count("id", filter=Q(channel=value)) for value in Channel.values},
        **{f"kind_{value}": Count("id", filter=Q(kind=value)) for value in Kind.values},
    )
    return {
        "day": calendar.local_date(now),
        "total": totals["total"] or 0,
        "channels": [
            Tally(value, str(label), totals[f"channel_{value}"] or 0)
            for value, label in Channel.choices
        ],
        "kinds": [
            Tally(value, str(label), totals[f"kind_{value}"] or 0) for value, label in Kind.choices
        ],
    }


def by_status(cases: QuerySet[Case]) -> list[Tally]:
    """Every status, in the workflow's order, with its count (one query)."""
    counts = dict(cases.values_list("status").annotate(n=Count("id")).order_by())
    return [Tally(value, str(label), counts.get(value, 0)) for value, label in Status.choices]


def unit_loads(cases: QuerySet[Case], now: datetime) -> list[UnitLoad]:
    """Per handling unit: cases in hand, due soon, overdue; most overdue first (one query)."""
    rows = (
        cases.filter(status__in=IN_HAND, unit__isnull=False)
        .values("unit__code", "unit__name")
        .annotate(
            in_hand=Count("id"),
            due_soon=Count("id", filter=Q(warn_at__lte=now, current_due__gte=now)),
            overdue=Count("id", filter=Q(current_due__lt=now)),
        )
        .order_by("-overdue", "-due_soon", "-in_hand", "unit__name")
    )
    return [
        UnitLoad(r["unit__code"], r["unit__name"], r["in_hand"], r["due_soon"], r["overdue"])
        for r in rows
    ]


def signoff_candidates(user: Any, staff: Staff, now: datetime) -> QuerySet[Case]:
    """Cases waiting for a sign-off this user may give, narrowed in SQL by the rule of
    `rights.signoff`: general cases for deputies and directors of the case's centre; important
    and major ones for its director, or a deputy the director has delegated to."""
    none = Case.objects.none()
    if not staff.has_any((Role.DEPUTY, Role.DIRECTOR)):
        return none
    director = staff.role_scope.get(Role.DIRECTOR, frozenset())
    deputy = staff.role_scope.get(Role.DEPUTY, frozenset())
    serious = set(director)
    # Whether any delegation is active (asked once); rights.may below binds it to the centre.
    if (
        deputy - director
        and staff.user_id is not None
        and has_signoff_delegation(staff.user_id, now)
    ):
        serious |= deputy
    condition = Q(centre_id__in=director | deputy) & ~Q(severity__in=LEADER_SIGNOFF_SEVERITIES)
    if serious:
        condition |= Q(centre_id__in=serious, severity__in=LEADER_SIGNOFF_SEVERITIES)
    return visible_cases(user).filter(condition, status=Status.PENDING_APPROVAL)


def awaiting_signoff(user: Any, now: datetime) -> tuple[list[Pending], int]:
    """The most urgent cases awaiting this user's sign-off, and how many there are."""
    staff = staff_of(user)
    candidates = signoff_candidates(user, staff, now)
    rows = list(
        candidates.select_related("category", "unit").order_by(
            F("current_due").asc(nulls_last=True), "id"
        )[:SIGNOFF_SHOWN]
    )
    total = len(rows) if len(rows) < SIGNOFF_SHOWN else candidates.count()
    # The final word is rights.may. Its answer depends only on the case's centre and whether
    # the case is important, so it is asked once per (centre, class) — never once per case.
    verdicts: dict[tuple[int, bool], bool] = {}
    cal = calendar.get_calendar()
    shown = []
    for case in rows:
        key = (case.centre_id, case.severity in LEADER_SIGNOFF_SEVERITIES)
        if key not in verdicts:
            verdicts[key] = rights.may("approve", staff, case, now)
        if not verdicts[key]:
            total -= 1
            continue
        remaining = deadlines.remaining_workdays(case, now, cal)
        shown.append(Pending(case, remaining, deadlines.deadline_state(case, now)))
    return shown, total


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request.user)
    if not may_see_overview(staff):
        raise PermissionDenied
    now = timezone.now()
    cases = visible_cases(request.user).order_by()
    pending, pending_total = awaiting_signoff(request.user, now)
    statuses = by_status(cases)
    return render(
        request,
        "workbench/overview.html",
        {
            "intake": todays_intake(cases, now),
            "statuses": statuses,
            "status_total": sum(t.count for t in statuses),
            "units": unit_loads(cases, now),
            "signs_off": staff.has_any((Role.DEPUTY, Role.DIRECTOR)),
            "pending": pending,
            "pending_total": pending_total,
            "now": now,
        },
    )
