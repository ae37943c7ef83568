"""The workbench queues: named slices of the cases a user can see, with live counts.

Each queue is a filter over `visible_cases(user)`; the counts of all queues come from one
aggregate query over the open cases, backed by the (status, current_due) indexes.

That aggregate grows with the user's open cases (30–40 ms of SQL at 60,000 on PostgreSQL), so a
queue page does not wait for it: it shows the counts only when they are in the cache, and
otherwise the queue navigation fetches them right after the page has loaded. The workbench home
needs them to open the first queue with work, so it counts (and caches) — docs/performance.md.
Each user's counts are kept for COUNTS_TTL seconds — the badges poll every 60 s anyway — and
forgotten when the user acts on a case, so their own work shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tousu.calendar import services as calendar
from tousu.cases import deadlines, rights
from tousu.cases.access import visible_cases
from tousu.cases.models import FINAL_STATUSES, Escalation, EscalationState, Status
from tousu.orgs.staff import staff_of


@dataclass(frozen=True)
class Queue:
    key: str
    label: str | Promise
    condition: Callable[[datetime], Q]
    # Who may act on the queue's cases (the roles `cases.rights` gives its verbs): nobody else
    # sees the queue. None: everyone with cases (the deadline queues).
    roles: tuple[str, ...] | None
    # Most urgent first by default; every queue can be re-sorted by the user.
    default_sort: str = "due"
    # What the queue's rows show beyond the case (annotations: no query per row).
    annotate: Callable[[QuerySet[Any], datetime], QuerySet[Any]] | None = None


def _status(status: str) -> Callable[[datetime], Q]:
    return lambda now: Q(status=status)


def _callbacks_due(now: datetime) -> Q:
    """回访 due today or overdue (while replied, `current_due` is the callback's date): a callback
    that could not reach the complainant comes back the next working day."""
    end_of_today = deadlines.end_of_day(calendar.local_date(now))
    return Q(status=Status.REPLIED, current_due__lte=end_of_today)


def _to_recheck(now: datetime) -> Q:
    """回访抽查: drawn closed cases whose re-check is not recorded yet."""
    return Q(status=Status.CLOSED, recheck_drawn_at__isnull=False, rechecked_at__isnull=True)


def open_escalation() -> QuerySet[Escalation]:
    """The case's open 督办 (at most one per case: a database constraint)."""
    return Escalation.objects.filter(case=OuterRef("pk"), state=EscalationState.OPEN)


def _with_escalation(qs: QuerySet[Any], now: datetime) -> QuerySet[Any]:
    """The open 督办's level and answer due date on each row, and whether its answer is late."""
    return qs.annotate(
        escalation_level=Subquery(open_escalation().values("level")[:1]),
        escalation_answer_due=Subquery(open_escalation().values("answer_due")[:1]),
        escalation_late=Exists(open_escalation().filter(answer_due__lt=now)),
    )


# Who acts on each queue, by its verbs' rights: 签收/办理 the holder (a unit's staff; the centre's
# for a case it handles itself), 回复督办 likewise, 督办 the supervisors and leaders.
HOLDERS = (*rights.UNIT_STAFF, *rights.CENTRE_HANDLERS)
ESCALATIONS = (*rights.SUPERVISION, *HOLDERS)

QUEUES: tuple[Queue, ...] = (
    Queue("to_accept", _("To accept"), _status(Status.REGISTERED), rights.INTAKE),  # 待受理
    Queue("to_dispatch", _("To dispatch"), _status(Status.ACCEPTED), rights.DISPATCH),  # 待派单
    Queue(  # 待签批
        "to_sign_off", _("Awaiting sign-off"), _status(Status.PENDING_APPROVAL), rights.LEADERS
    ),
    Queue("to_sign", _("To sign for"), _status(Status.DISPATCHED), rights.UNIT_STAFF),  # 待签收
    Queue("in_progress", _("In progress"), _status(Status.HANDLING), HOLDERS),  # 办理中
    Queue(  # 延期待批
        "extensions",
        _("Extensions to decide"),
        lambda now: Q(status=Status.HANDLING, extension_pending=True),
        rights.LEADERS,
    ),
    Queue("to_review", _("To review"), _status(Status.RESULT_SUBMITTED), rights.INTAKE),  # 待审核
    Queue("to_reply", _("To reply"), _status(Status.REVIEWED), rights.INTAKE),  # 待答复
    Queue("to_call_back", _("To call back"), _status(Status.REPLIED), rights.CALLBACK),  # 待回访
    # 今日回访, overdue first
    Queue("callbacks_due", _("Callbacks due"), _callbacks_due, rights.CALLBACK),
    Queue(  # 回访抽查
        "to_recheck", _("To re-check"), _to_recheck, rights.RECHECK, default_sort="received"
    ),
    Queue(  # 即将超期
        "due_soon", _("Due soon"), lambda now: Q(warn_at__lte=now, current_due__gte=now), None
    ),
    Queue("overdue", _("Overdue"), lambda now: Q(current_due__lt=now), None),  # 已超期
    # 督办: every open escalation the user may see — a centre's supervisors and leaders all of
    # their centre's, a unit the ones on its cases, which it must answer. Late answers first.
    Queue(
        "escalations",
        _("Escalations"),
        lambda now: Q(Exists(open_escalation())),
        ESCALATIONS,
        default_sort="answer_due",
        annotate=_with_escalation,
    ),
)
BY_KEY = {q.key: q for q in QUEUES}
OPEN_STATUSES = [s for s in Status.values if s not in FINAL_STATUSES]


COUNTS_TTL = 30  # seconds


def queues_of(user: Any) -> tuple[Queue, ...]:
    """The queues this user sees: those whose cases they may act on (no query: the user's roles
    are read once per request). The administrator sees every queue."""
    staff = staff_of(user)
    return tuple(
        q for q in QUEUES if q.roles is None or staff.is_superuser or staff.has_any(q.roles)
    )


def queue_of(user: Any, key: str) -> Queue | None:
    """The queue of that key if the user sees it; None for an unknown queue and for another
    role's queue alike (→ 404, as the access gate answers for a case one may not see)."""
    return next((q for q in queues_of(user) if q.key == key), None)


def counts(user: Any, now: datetime) -> dict[str, int]:
    """The count of every queue the user sees, in one query over the open cases."""
    totals = (
        visible_cases(user)
        .filter(status__in=OPEN_STATUSES)
        .order_by()
        .aggregate(**{q.key: Count("id", filter=q.condition(now)) for q in queues_of(user)})
    )
    return {key: value or 0 for key, value in totals.items()}


def _counts_key(user: Any) -> str:
    return f"workbench:queue-counts:{user.pk}"


def cached_counts(user: Any, now: datetime) -> dict[str, int]:
    """The counts, from the cache when they are fresh enough, else counted and cached."""
    found = peek_counts(user)
    if found is None:
        found = counts(user, now)
        cache.set(_counts_key(user), found, COUNTS_TTL)
    return found


def peek_counts(user: Any) -> dict[str, int] | None:
    """The cached counts, or None: never counts (for pages that must not wait)."""
    found: dict[str, int] | None = cache.get(_counts_key(user))
    return found


def forget_counts(user: Any) -> None:
    """After the user changed a case: their next page counts again."""
    cache.delete(_counts_key(user))


def first_with_work(user: Any, counts: dict[str, int]) -> Queue:
    """The user's first queue (in the order of the navigation) that holds a case, else their
    first."""
    mine = queues_of(user)
    return next((q for q in mine if counts.get(q.key)), mine[0])


def queue_cases(user: Any, queue: Queue, now: datetime) -> Any:
    cases = visible_cases(user).filter(queue.condition(now))
    return queue.annotate(cases, now) if queue.annotate is not None else cases
