"""One supervision pass: 预警, 催办, 督办 and the next level of an unanswered 督办.

Every step finds its cases by an index range scan on a stored column (`Case.warn_at`,
`Case.current_due`, `Escalation.next_level_at`), never by asking the calendar about every case;
only the few candidates are checked against their policy. It acts through the workflow verbs as
the `system` actor, each action in a savepoint together with its `SupervisionStep` row:

- a step already taken (that row exists) is not taken again — a second pass adds nothing;
- a pass racing another one blocks on the other's row and then fails to insert it, or loses the
  case's guarded update (Conflict): either way it skips the case, which was acted on once.

Cases are read and written in batches (`BATCH` per transaction, keyset-paginated), so a pass over
a million open cases holds no long transaction and no big list in memory. Suspended and closed
cases have no `current_due`: they are never found, they do not age.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from tousu.cases import workflow
from tousu.cases.deadlines import after_workdays
from tousu.cases.errors import NotAllowed
from tousu.cases.escalation import supervision_of
from tousu.cases.models import Case, Escalation, EscalationLevel, EscalationState, Status
from tousu.orgs.staff import system_user

from .models import Step, SupervisionStep

BATCH = 500
WARN_STATUSES = frozenset({Status.REGISTERED}) | workflow.ACTIVE


@dataclass
class Summary:
    """What one pass did, per action; `skipped`: someone else acted on the case first."""

    warned: int = 0
    reminded: int = 0
    escalated: int = 0
    raised: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return ", ".join(f"{f.name} {getattr(self, f.name)}" for f in fields(self))

    @property
    def acted(self) -> int:
        return self.warned + self.reminded + self.escalated + self.raised


def supervise(now: datetime, *, limit: int | None = None) -> Summary:
    """Run one pass at `now`; `limit` caps the actions of each step (None: no cap)."""
    actor = system_user()
    summary = Summary()
    summary.warned = _warn(now, actor, summary, limit)
    summary.reminded = _remind(now, actor, summary, limit)
    summary.escalated = _escalate(now, actor, summary, limit)
    summary.raised = _raise(now, actor, summary, limit)
    return summary


# --- the steps ----------------------------------------------------------------------------------


def _taken(step: str) -> Exists:
    return Exists(
        SupervisionStep.objects.filter(case=OuterRef("pk"), step=step, due=OuterRef("current_due"))
    )


def _warn(now: datetime, actor: Any, summary: Summary, limit: int | None) -> int:
    """The case entered its warning window and is not overdue yet."""
    cases = Case.objects.filter(
        warn_at__lte=now, current_due__gte=now, status__in=WARN_STATUSES
    ).exclude(_taken(Step.WARN))
    return _run(
        _pages(cases, "warn_at"),
        lambda case: True,
        lambda case: _act(case, Step.WARN, case.current_due, now, workflow.warn, actor),
        summary,
        limit,
    )


def _overdue(now: datetime, step: str) -> QuerySet[Case]:
    return Case.objects.filter(current_due__lt=now, status__in=workflow.ACTIVE).exclude(
        _taken(step)
    )


def _overdue_by(case: Case, days: int, now: datetime) -> bool:
    """Overdue by `days` full working days after the deadline's day (0: overdue at all)."""
    assert case.current_due is not None
    return now > (after_workdays(case.current_due, days) if days else case.current_due)


def _remind(now: datetime, actor: Any, summary: Summary, limit: int | None) -> int:
    """催办 once a deadline is `remind_after` working days past."""
    return _run(
        _pages(_overdue(now, Step.REMIND), "current_due"),
        lambda case: _overdue_by(case, supervision_of(case).remind_after, now),
        lambda case: _act(case, Step.REMIND, case.current_due, now, workflow.remind, actor),
        summary,
        limit,
    )


def _escalate(now: datetime, actor: Any, summary: Summary, limit: int | None) -> int:
    """The first 督办 once a deadline is `escalate_after` working days past — unless a 督办 is
    open, or one already chased this deadline (made by hand, say, and answered)."""
    cases = _overdue(now, Step.ESCALATE).exclude(
        Exists(
            Escalation.objects.filter(case=OuterRef("pk")).filter(
                Q(state=EscalationState.OPEN) | Q(due=OuterRef("current_due"))
            )
        )
    )
    return _run(
        _pages(cases, "current_due"),
        lambda case: _overdue_by(case, supervision_of(case).escalate_after, now),
        lambda case: _act(case, Step.ESCALATE, case.current_due, now, workflow.escalate, actor),
        summary,
        limit,
    )


def _raise(now: datetime, actor: Any, summary: Summary, limit: int | None) -> int:
    """An open 督办 unanswered at its `next_level_at` goes one level up, while the case is still
    overdue and the policy's ladder goes that high."""
    open_ones = Escalation.objects.filter(
        state=EscalationState.OPEN, next_level_at__lte=now
    ).select_related("case")

    def ripe(escalation: Escalation) -> bool:
        case = escalation.case
        top = min(supervision_of(case).levels, EscalationLevel.DIRECTOR)
        return (
            case.status in workflow.ACTIVE
            and case.current_due is not None
            and case.current_due < now
            and escalation.level < top
        )

    return _run(
        _pages(open_ones, "next_level_at"),
        ripe,
        lambda esc: _act(esc.case, Step.RAISE, esc.created_at, now, workflow.escalate, actor),
        summary,
        limit,
    )


# --- the machinery ------------------------------------------------------------------------------


def _pages[T: Case | Escalation](rows: QuerySet[T], column: str) -> Iterator[list[T]]:
    """The rows in batches, ordered by (column, pk), each page after the last one's key."""
    last: tuple[Any, int] | None = None
    while True:
        page = rows
        if last is not None:
            page = page.filter(
                Q(**{f"{column}__gt": last[0]}) | Q(**{column: last[0]}, pk__gt=last[1])
            )
        batch = list(page.order_by(column, "pk")[:BATCH])
        if not batch:
            return
        # The key before acting: a verb may move the last row's deadline (its column), and a key
        # read afterwards would jump past the rows still to come.
        key = (getattr(batch[-1], column), batch[-1].pk)
        yield batch
        if len(batch) < BATCH:
            return
        last = key


def _run[T](
    pages: Iterator[list[T]],
    ripe: Callable[[T], bool],
    act: Callable[[T], bool],
    summary: Summary,
    limit: int | None,
) -> int:
    """Act on the ripe rows, one transaction per batch; count the actions, and the skips."""
    done = 0
    for batch in pages:
        with transaction.atomic():
            for row in batch:
                if limit is not None and done >= limit:
                    return done
                if not ripe(row):
                    continue
                if act(row):
                    done += 1
                else:
                    summary.skipped += 1
    return done


def _act(
    case: Case,
    step: str,
    due: datetime | None,
    now: datetime,
    verb: Callable[..., Case],
    actor: Any,
) -> bool:
    """The step's row and the verb in one savepoint; False when someone else acted first."""
    assert due is not None
    try:
        with transaction.atomic():
            SupervisionStep.objects.create(case=case, step=step, due=due, at=now)
            verb(case, actor=actor, now=now)
    except (IntegrityError, NotAllowed):
        return False
    return True
