"""What every verb shares: the checks, the guarded write with its event, input helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext

from tousu.orgs.staff import staff_of

from .. import deadlines
from ..errors import Conflict, Forbidden, InvalidInput, NotAllowed
from ..models import (
    OPEN_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    Case,
    CaseEvent,
    ExtensionRequest,
    Reason,
    ReasonKind,
)
from ..rights import may
from .table import READY, SAME, TRANSITIONS, _ready

# --- the machinery every verb shares ---------------------------------------------------------


def _check(verb: str, case: Case, actor: Any, now: datetime) -> None:
    if case.status not in TRANSITIONS[verb].sources:
        raise NotAllowed(
            gettext("'%(verb)s' is not allowed while the case is '%(status)s'")
            % {"verb": verb, "status": case.status},
            status=case.status,
        )
    if not may(verb, staff_of(actor), case, now):
        raise Forbidden(gettext("you may not '%(verb)s' this case") % {"verb": verb})
    if not _ready(verb, case):
        raise NotAllowed(gettext(READY[verb][1]), status=case.status)


def _apply(
    case: Case,
    verb: str,
    *,
    actor: Any,
    now: datetime,
    to: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    side: Callable[[], object] | None = None,
) -> Case:
    """A verb's write: checks the transition table, then `_write`."""
    target = case.status if to == SAME else to
    allowed = TRANSITIONS[verb].targets
    assert to in allowed or target in allowed, f"{verb} cannot lead to {target}"
    return _write(
        case,
        verb,
        actor=actor,
        now=now,
        target=target,
        changes=changes,
        note=note,
        data=data,
        side=side,
    )


def _write(
    case: Case,
    verb: str,
    *,
    actor: Any,
    now: datetime,
    target: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    side: Callable[[], object] | None = None,
) -> Case:
    """Guarded update + event + side rows, atomically; then mirror the change on `case`.

    Whenever `unit_due` is written, the open transfer's `due` gets the same value here, after the
    side rows (which may create or reopen that transfer): the transfer table, the unit's list and
    the transfer letter can never show another date than the case.
    """
    values = dict(changes or {})
    policy = deadlines.policy_for(
        values.get("kind", case.kind),
        values.get("category_id", case.category_id),
        values.get("severity", case.severity),
    )
    values.update(
        deadlines.tracking_fields(
            target,
            values.get("accept_due", case.accept_due),
            values.get("handle_due", case.handle_due),
            values.get("unit_due", case.unit_due),
            policy,
            values.get("callback_due", case.callback_due),
        )
    )
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, status=case.status, version=case.version).update(
            status=target, version=F("version") + 1, **values
        )
        if updated == 0:
            current = Case.objects.filter(pk=case.pk).values_list("status", flat=True).first()
            raise Conflict(
                gettext("someone else changed this case first; reload it and try again"),
                status=current or case.status,
            )
        CaseEvent.objects.create(
            case=case,
            verb=verb,
            actor=actor,
            at=now,
            from_status=case.status,
            to_status=target,
            note=note,
            data=data or {},
        )
        if side is not None:
            side()
        if values.get("unit_due") is not None:
            Assignment.objects.filter(case=case, state__in=OPEN_ASSIGNMENT_STATES).update(
                due=values["unit_due"]
            )
    for field, value in values.items():
        setattr(case, field, value)
    case.status = target
    case.version += 1
    return case


def _write_many(
    cases: list[Case],
    verb: str,
    *,
    actor: Any,
    now: datetime,
    data_of: Callable[[Case], dict[str, Any]],
    claim: Callable[[list[Case]], list[Case]] | None = None,
    side: Callable[[list[Case]], object] | None = None,
) -> list[Case]:
    """`_write` for many cases at once, for the verbs that change neither the status nor a
    deadline (the supervision pass's warnings, reminders and escalations: thousands a night).

    One transaction, a handful of statements whatever the count: the rows are locked and re-read
    (the same guard as `_write`: a case whose version moved since it was read is left out —
    someone else acted on it), `claim` may drop more (the pass's own "done already" rows), then
    one insert of the events and one `side` for the side rows. Returns the cases written.

    The version is not bumped: these verbs change no column of the case, and the row lock already
    orders them with every guarded update (a verb racing the batch waits for it, then finds the
    version it read and goes ahead, its event after the batch's). A clerk's form opened before a
    nightly pass thus stays valid, and a million-case pass does not rewrite tens of thousands of
    rows and their indexes for nothing."""
    if not cases:
        return []
    with transaction.atomic():
        locked = dict(
            Case.objects.select_for_update(no_key=True)
            .filter(pk__in=[case.pk for case in cases])
            .order_by("pk")  # one lock order for every writer: no deadlock between two passes
            .values_list("pk", "version")
        )
        fresh = [case for case in cases if locked.get(case.pk) == case.version]
        fresh = [case for case in fresh if _allowed(verb, case, actor, now)]
        if claim is not None:
            fresh = claim(fresh)
        if not fresh:
            return []
        _insert_events(verb, actor, now, [(case.pk, data_of(case)) for case in fresh])
        if side is not None:
            side(fresh)
    return fresh


def _insert_events(
    verb: str, actor: Any, now: datetime, rows: list[tuple[int, dict[str, Any]]]
) -> None:
    """One INSERT of many events of one verb, none changing the status (each event's status is
    read from its case's row, which the caller holds locked): the case id and the data are the
    only values per row. Written in SQL because the ORM's bulk insert spends more time preparing
    eight values a row than the database spends storing them."""
    table = connection.ops.quote_name(CaseEvent._meta.db_table)
    cases = connection.ops.quote_name(Case._meta.db_table)
    field = CaseEvent._meta.get_field("data")
    at = CaseEvent._meta.get_field("at").get_db_prep_value(now, connection)
    for start in range(0, len(rows), 500):  # within SQLite's limit of bound parameters
        chunk = rows[start : start + 500]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        params: list[Any] = [verb, actor.pk, at]
        for case_id, data in chunk:
            params += [case_id, field.get_db_prep_value(data, connection)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} "
                '(case_id, verb, actor_id, "at", from_status, to_status, note, data) '
                "SELECT c.id, %s, %s, %s, c.status, c.status, '', v.column2 "
                f"FROM (VALUES {values}) AS v JOIN {cases} AS c ON c.id = v.column1 "
                "ORDER BY v.column1",
                params,
            )


def _allowed(verb: str, case: Case, actor: Any, now: datetime) -> bool:
    """`_check` as a yes or no (a batch leaves out the case it may not write)."""
    try:
        _check(verb, case, actor, now)
    except (NotAllowed, Forbidden):
        return False
    return True


def correct_deadlines(
    case: Case, *, actor: Any, now: datetime, changes: dict[str, Any], data: dict[str, Any]
) -> Case:
    """Write deadlines a replay on the current calendar gave (`cases.recompute`): the same guarded
    update, event ("recompute_deadlines") and transfer sync as every verb; the status never
    changes. Conflict when the case changed since it was read."""
    return _write(
        case,
        "recompute_deadlines",
        actor=actor,
        now=now,
        target=case.status,
        changes=changes,
        data=data,
    )


def _text(value: Any, field: str, *, required: bool = True, max_length: int = 2000) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise InvalidInput.one(field, gettext("must be text"))
    if required and not text:
        raise InvalidInput.one(field, gettext("is required"))
    if len(text) > max_length:
        raise InvalidInput.one(
            field, gettext("is longer than %(limit)s characters") % {"limit": max_length}
        )
    return text


def _one_of(names: list[str]) -> str:
    """The message for a value outside a fixed list of API names (the names stay untranslated)."""
    return gettext("must be one of %(choices)s") % {"choices": ", ".join(names)}


def _reason(kind: ReasonKind, value: Any, field: str = "reason") -> tuple[str, str]:
    """A reason from the admin-editable list (by code or text), or free text as 'other'."""
    text = _text(value, field, max_length=500)
    match = (
        Reason.objects.filter(kind=kind, is_active=True, code=text).first()
        or Reason.objects.filter(kind=kind, is_active=True, text=text).first()
    )
    if match is not None:
        return match.code, match.text
    return "other", text


def _open_assignment(case: Case) -> Assignment | None:
    return Assignment.objects.filter(case=case, state__in=OPEN_ASSIGNMENT_STATES).first()


def _close_assignment(case: Case, state: AssignmentState, now: datetime) -> None:
    Assignment.objects.filter(case=case, state__in=OPEN_ASSIGNMENT_STATES).update(
        state=state, closed_at=now
    )


def _cancel_pending_extension(case: Case, actor: Any, now: datetime, note: str) -> None:
    ExtensionRequest.objects.filter(case=case, decided_at__isnull=True).update(
        approved=False, decided_by=actor, decided_at=now, note=note
    )


def _fresh_unit_due(case: Case, now: datetime) -> datetime:
    return deadlines.after_workdays(now, deadlines.policy_of(case).unit_days)
