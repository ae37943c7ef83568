"""Deadlines of a case: which policy applies, when each deadline falls, and how urgent it is.

All arithmetic is on working days (tousu.lib.workdays, via tousu.calendar.services). The columns
`current_due` and `warn_at` are derived here and stored so that queues never need the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from tousu.calendar import services as calendar
from tousu.categories.models import Category
from tousu.lib.workdays import WorkCalendar

from . import policies
from .models import Case, DeadlinePolicy, Kind, Status

# The contract's defaults, used when no policy row matches.
DEFAULT_HANDLE_DAYS = {
    Kind.CONSULTATION: 2,
    Kind.SUGGESTION: 10,
    Kind.HELP: 10,
    Kind.PRAISE: 10,
    Kind.COMPLAINT: 15,
    Kind.REPORT: 15,
}


@dataclass(frozen=True)
class Policy:
    accept_days: int = 1
    handle_days: int = 15
    unit_days: int = 7  # 转办 "一般应在7日内办结": 《县机关效能投诉中心工作规则》第十八条(二)
    warn_days: int = 2
    dispatch_needs_signoff: bool = False
    callback_days: int = 3  # 回访: working days from the reply


_POLICIES = "policies"  # the cache name of the deadline policies' rows (see `policies`)


def _policy_rows() -> tuple[list[policies.Row], dict[int, int | None]]:
    """The active rows and the category tree they inherit down (cached with its version)."""

    def load() -> tuple[list[policies.Row], dict[int, int | None]]:
        rows: list[policies.Row] = list(
            DeadlinePolicy.objects.filter(is_active=True).values(
                "kind",
                "category_id",
                "severity",
                "accept_days",
                "handle_days",
                "unit_days",
                "warn_days",
                "dispatch_needs_signoff",
                "callback_days",
            )
        )
        return rows, dict(Category.objects.values_list("id", "parent_id"))

    return policies.cached(_POLICIES, load)


def invalidate_policies() -> None:
    policies.forget(_POLICIES)


def policy_for(kind: str, category_id: int | None, severity: str) -> Policy:
    """The most specific active policy gives the periods: category (nearest ancestor) > severity
    > kind; sign-off is required if any matching policy requires it."""
    rows, parents = _policy_rows()
    found = policies.matching(rows, kind, severity, policies.lineage_of(category_id, parents))
    if not found:
        return Policy(handle_days=DEFAULT_HANDLE_DAYS.get(Kind(kind), 15))
    row = found[0]
    return Policy(
        accept_days=row["accept_days"],
        handle_days=row["handle_days"],
        unit_days=row["unit_days"],
        warn_days=row["warn_days"],
        # Sign-off is a rule, not a period: any matching policy that demands it applies (so one
        # catch-all row "every transfer needs the deputy's sign-off" 第十八条 works).
        dispatch_needs_signoff=any(r["dispatch_needs_signoff"] for r in found),
        callback_days=row["callback_days"],
    )


def policy_of(case: Case) -> Policy:
    return policy_for(case.kind, case.category_id, case.severity)


def after_workdays(start: datetime, days: int) -> datetime:
    """End (23:59:59 local) of the `days`-th working day after the local day of `start`."""
    return calendar.deadline(start, days).at


def end_of_day(day: date) -> datetime:
    """23:59:59 local time of `day`, as an aware datetime."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=calendar.time_zone())


def current_due_for(
    status: str, accept_due: Any, handle_due: Any, unit_due: Any, callback_due: Any = None
) -> Any:
    """The deadline a case in `status` is measured against; None when no clock runs. While
    replied it is the callback's 回访: the queues, the warning and "overdue" see it too."""
    if status == Status.REGISTERED:
        return accept_due
    if status == Status.REPLIED:
        return callback_due
    if status in {Status.DISPATCHED, Status.HANDLING} and unit_due is not None:
        return min(unit_due, handle_due) if handle_due is not None else unit_due
    if status in {
        Status.ACCEPTED,
        Status.PENDING_APPROVAL,
        Status.DISPATCHED,
        Status.HANDLING,
        Status.RESULT_SUBMITTED,
        Status.REVIEWED,
    }:
        return handle_due
    return None  # closed, final or suspended: the clock has stopped


def warn_window(policy: Policy, status: str, due: Any, unit_due: Any) -> int:
    """Working days of warning before `due`: the policy's, but never the whole period — a case
    with one day to be accepted is not "due soon" the moment it arrives."""
    if status == Status.REGISTERED:
        period = policy.accept_days
    elif status == Status.REPLIED:
        period = policy.callback_days
    elif unit_due is not None and due == unit_due:
        period = policy.unit_days
    else:
        period = policy.handle_days
    return max(0, min(policy.warn_days, period - 1))


def tracking_fields(
    status: str,
    accept_due: Any,
    handle_due: Any,
    unit_due: Any,
    policy: Policy,
    callback_due: Any = None,
) -> dict[str, Any]:
    """current_due, warn_at and deadline_provisional for these deadlines in this status."""
    due = current_due_for(status, accept_due, handle_due, unit_due, callback_due)
    cal = calendar.get_calendar()
    active = [d for d in (accept_due, handle_due, unit_due) if d is not None]
    if status == Status.REPLIED:
        active = [d for d in (callback_due,) if d is not None]
    elif status != Status.REGISTERED:
        active = [d for d in (handle_due, unit_due) if d is not None]
    provisional = any(not cal.is_known(calendar.local_date(d)) for d in active)
    if due is None:
        return {"current_due": None, "warn_at": None, "deadline_provisional": provisional}
    warn_day = cal.workdays_before(
        calendar.local_date(due), warn_window(policy, status, due, unit_due)
    )
    return {
        "current_due": due,
        "warn_at": datetime.combine(warn_day, time.min, tzinfo=calendar.time_zone()),
        "deadline_provisional": provisional,
    }


def shift(due: datetime | None, days: int) -> datetime | None:
    """Move a deadline `days` working days later (extension, time spent suspended)."""
    if due is None or days <= 0:
        return due
    return after_workdays(due, days)


def deadline_state(case: Case, now: datetime) -> str:
    """normal / warning / overdue, from the stored columns only."""
    if case.current_due is None:
        return "normal"
    if now > case.current_due:
        return "overdue"
    if case.warn_at is not None and now >= case.warn_at:
        return "warning"
    return "normal"


def remaining_workdays(case: Case, now: datetime, cal: WorkCalendar | None = None) -> int | None:
    """Working days left before the current deadline (0: due today; negative: overdue)."""
    if case.current_due is None:
        return None
    return calendar.remaining_workdays(now, case.current_due, cal)
