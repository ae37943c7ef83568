"""One supervision pass: 预警, 催办, 督办 and the next level of an unanswered 督办.

Every step finds its cases by an index range scan on a stored column (`Case.warn_at`,
`Case.current_due`, `Escalation.next_level_at`), never by asking the calendar about every case;
only the few candidates are checked against their policy. It acts through the workflow verbs as
the `system` actor, a batch of cases at a time (`workflow.warn_many` and its siblings: one
transaction, a few statements per batch), each action together with its `SupervisionStep` row:

- a step already taken (that row exists) is not taken again — a second pass adds nothing;
- a pass racing another one waits for the other's lock on the cases, then finds their version
  moved (or the step's row there) and skips them: each was acted on once.

Should a batch fail on a constraint anyway (a row written by a path that does not take the lock),
it is rolled back and its cases are taken one by one, each verb in a savepoint with its step row.

Cases are read and written in batches (`BATCH` per transaction, keyset-paginated), so a pass over
a million open cases holds no long transaction and no big list in memory. Suspended and closed
cases have no `current_due`: they are never found, they do not age. A replied case's clock is its
callback 回访 (`callback_due`): it is warned of and, when overdue, chased like the others — but not
escalated (the callback is the centre's own work).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from tousu.cases import workflow
from tousu.cases.deadlines import after_workdays
from tousu.cases.errors import Conflict, NotAllowed
from tousu.cases.escalation import Supervision, supervision_for
from tousu.cases.models import Case, Escalation, EscalationLevel, EscalationState, Status
from tousu.orgs.staff import system_user

from .models import Step, SupervisionStep

BATCH = 1000
# What the steps read of a case (its clock, who holds it, what its policy depends on): a pass may
# load tens of thousands of cases, and a full row is ten times as wide.
CASE_FIELDS = (
    *("id", "status", "version", "current_due", "warn_at"),
    *("unit_id", "centre_id", "kind", "severity", "category_id"),
)
WARN_STATUSES = frozenset({Status.REGISTERED, Status.REPLIED}) | workflow.ACTIVE
REMIND_STATUSES = workflow.ACTIVE | {Status.REPLIED}


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


def _cases() -> QuerySet[Case]:
    return Case.objects.only(*CASE_FIELDS)


def _taken(step: str) -> Exists:
    return Exists(
        SupervisionStep.objects.filter(case=OuterRef("pk"), step=step, due=OuterRef("current_due"))
    )


def _warn(now: datetime, actor: Any, summary: Summary, limit: int | None) -> int:
    """The case entered its warning window and is not overdue yet."""
    cases = (
        _cases()
        .filter(warn_at__lte=now, current_due__gte=now, status__in=WARN_STATUSES)
        .exclude(_taken(Step.WARN))
    )
    return _run(
        _pages(cases, "warn_at"),
        lambda case: True,
        _acting(Step.WARN, now, actor, workflow.warn_many, workflow.warn),
        summary,
        limit,
    )


def _overdue(now: datetime, step: str, statuses: frozenset[str]) -> QuerySet[Case]:
    return _cases().filter(current_due__lt=now, status__in=statuses).exclude(_taken(step))


def _overdue_test(now: datetime) -> Callable[[Case, int], bool]:
    """Whether a case is overdue by `days` full working days after its deadline's day (0: at
    all). Deadlines are the ends of a few distinct days: each is asked of the calendar once."""
    limit = cache(lambda due, days: after_workdays(due, days) if days else due)

    def overdue_by(case: Case, days: int) -> bool:
        return now > limit(case.current_due, days)

    return overdue_by


def _policies() -> Callable[[Case], Supervision]:
    """The supervision policy of a case, each (kind, severity) read once per step of a pass."""
    policy_for = cache(supervision_for)
    return lambda case: policy_for(case.kind, case.severity)


def _remind(now: datetime, actor: Any, summary: Summary, limit: int | None) -> int:
    """催办 once a deadline is `remind_after` working days past."""
    overdue_by, policy = _overdue_test(now), _policies()
    return _run(
        _pages(_overdue(now, Step.REMIND, REMIND_STATUSES), "current_due"),
        lambda case: overdue_by(case, policy(case).remind_after),
        _acting(Step.REMIND, now, actor, workflow.remind_many, workflow.remind),
        summary,
        limit,
    )


def _escalate(now: datetime, actor: Any, summary: Summary, limit: int | None) -> int:
    """The first 督办 once a deadline is `escalate_after` working days past — unless a 督办 is
    open, or one already chased this deadline (made by hand, say, and answered)."""
    cases = _overdue(now, Step.ESCALATE, workflow.ACTIVE).exclude(
        Exists(
            Escalation.objects.filter(case=OuterRef("pk")).filter(
                Q(state=EscalationState.OPEN) | Q(due=OuterRef("current_due"))
            )
        )
    )
    overdue_by, policy = _overdue_test(now), _policies()
    return _run(
        _pages(cases, "current_due"),
        lambda case: overdue_by(case, policy(case).escalate_after),
        _acting(Step.ESCALATE, now, actor, workflow.escalate_many, workflow.escalate),
        summary,
        limit,
    )


def _raise(now: datetime, actor: Any, summary: Summary, limit: int | None) -> int:
    """An open 督办 unanswered at its `next_level_at` goes one level up, while the case is still
    overdue and the policy's ladder goes that high."""
    open_ones = (
        Escalation.objects.filter(state=EscalationState.OPEN, next_level_at__lte=now)
        .select_related("case")
        .only(
            "id",
            "level",
            "created_at",
            "next_level_at",
            "case_id",
            *(f"case__{field}" for field in CASE_FIELDS),
        )
    )

    policy = _policies()

    def ripe(escalation: Escalation) -> bool:
        case = escalation.case
        top = min(policy(case).levels, EscalationLevel.DIRECTOR)
        return (
            case.status in workflow.ACTIVE
            and case.current_due is not None
            and case.current_due < now
            and escalation.level < top
        )

    def act(escalations: list[Escalation]) -> int:
        raising = {e.case_id: e for e in escalations}
        acting = _acting(
            Step.RAISE,
            now,
            actor,
            lambda cases, **kw: workflow.escalate_many(cases, raising=raising, **kw),
            workflow.escalate,
            due_of=lambda case: raising[case.pk].created_at,
        )
        return acting([e.case for e in escalations])

    return _run(_pages(open_ones, "next_level_at"), ripe, act, summary, limit)


# --- the machinery ------------------------------------------------------------------------------


def _pages[T: Case | Escalation](rows: QuerySet[T], column: str) -> Iterator[list[T]]:
    """The rows in batches, ordered by (column, pk), each page after the last one's key."""
    last: tuple[Any, int] | None = None
    while True:
        page = rows
        if last is not None:
            # After (column, pk) = last, spelt so that `column >= value` bounds the index range
            # scan: with "column > value OR (column = value AND pk > id)" the database would
            # read the index from the start again on every page.
            page = page.filter(**{f"{column}__gte": last[0]}).exclude(
                Q(**{column: last[0]}, pk__lte=last[1])
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
    act: Callable[[list[T]], int],
    summary: Summary,
    limit: int | None,
) -> int:
    """Act on the ripe rows of each page at once; count the actions, and the skips."""
    done = 0
    for page in pages:
        rows = [row for row in page if ripe(row)]
        if limit is not None:
            rows = rows[: limit - done]
        if rows:
            acted = act(rows)
            done += acted
            summary.skipped += len(rows) - acted
        if limit is not None and done >= limit:
            break
    return done


def _acting(
    step: str,
    now: datetime,
    actor: Any,
    many: Callable[..., list[Case]],
    one: Callable[..., Case],
    due_of: Callable[[Case], datetime] | None = None,
) -> Callable[[list[Case]], int]:
    """The step's action on a batch of cases: `many` with the step's rows as its claim, or, if
    the batch breaks a constraint after all, `one` case at a time."""

    due_of = due_of or _current_due

    def claim(cases: list[Case]) -> list[Case]:
        taken = set(
            SupervisionStep.objects.filter(
                case_id__in=[case.pk for case in cases], step=step
            ).values_list("case_id", "due")
        )
        fresh = [case for case in cases if (case.pk, due_of(case)) not in taken]
        _record(step, now, fresh, due_of)
        return fresh

    def act(cases: list[Case]) -> int:
        try:
            return len(many(cases, actor=actor, now=now, claim=claim))
        except (IntegrityError, Conflict):
            return sum(_act(case, step, due_of(case), now, one, actor) for case in cases)

    return act


def _record(
    step: str, now: datetime, cases: list[Case], due_of: Callable[[Case], datetime]
) -> None:
    """The step's rows for these cases: one INSERT per distinct deadline (a batch's cases share
    a few: deadlines end a working day), the case ids the only values per row."""
    by_due: dict[datetime, list[int]] = {}
    for case in cases:
        by_due.setdefault(due_of(case), []).append(case.pk)
    table = connection.ops.quote_name(SupervisionStep._meta.db_table)
    cases_table = connection.ops.quote_name(Case._meta.db_table)
    field = SupervisionStep._meta.get_field("due")
    at = field.get_db_prep_value(now, connection)
    with connection.cursor() as cursor:
        for due, ids in by_due.items():
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f'INSERT INTO {table} (case_id, step, due, "at") '
                f"SELECT id, %s, %s, %s FROM {cases_table} WHERE id IN ({marks})",
                [step, field.get_db_prep_value(due, connection), at, *ids],
            )


def _current_due(case: Case) -> datetime:
    assert case.current_due is not None  # the scans find only cases with a running clock
    return case.current_due


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
