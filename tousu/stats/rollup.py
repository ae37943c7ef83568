"""Keeping the statistics current: the worker (`stats-update`, every few seconds) and every
statistics request read the new events, recount the cases they touched, and add the
differences to the rollup. `rebuild` recounts every case from scratch (`tousu stats rebuild`).

Recounting a touched case whole — its marks from its columns, its unit figures from all its
events — and comparing with what it counted as before makes every run idempotent: a case
recounted twice, or by two runs in turn, adds nothing the second time. Runs are serialised by
the lock on the one `Progress` row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Max

from tousu.calendar import services as calendar
from tousu.cases.eventlog import committed_prefix
from tousu.cases.models import Case, CaseEvent
from tousu.orgs.staff import unit_tree

from . import fold
from .marks import CASE_FLAGS, RECEIVED, marks_for
from .models import CaseMark, Progress, Tally, UnitFact

BATCH_EVENTS = 5000
BATCH_CASES = 2000

# (day, figure, unit_id, centre_id, category_id, kind, channel, severity)
TallyKey = tuple[date, str, int, int, int, str, str, str]


def update(now: datetime) -> int:
    """The worker's job: catch up with the whole event log. Returns the events read."""
    return catch_up(now)


def catch_up(now: datetime, *, limit: int | None = None) -> int:
    """Read the events not yet counted (at most about `limit`) and count them."""
    done = 0
    while limit is None or done < limit:
        with transaction.atomic():
            progress = _locked_progress(now)
            seen = list(
                CaseEvent.objects.filter(pk__gt=progress.last_event_id)
                .order_by("pk")
                .values_list("pk", "at", "case_id")[:BATCH_EVENTS]
            )
            ready = committed_prefix([(pk, at) for pk, at, _c in seen], progress.last_event_id, now)
            if ready == 0:
                return done
            refresh({case_id for _pk, _at, case_id in seen[:ready]})
            Progress.objects.filter(pk=1).update(last_event_id=seen[ready - 1][0])
            done += ready
        if ready < len(seen) or len(seen) < BATCH_EVENTS:
            return done
    return done


def rebuild(now: datetime, *, progress: Iterable[int] | None = None) -> int:
    """Count every case again from nothing (after a restore, a change of the definitions, or to
    check the rollup). Returns the number of cases counted."""
    with transaction.atomic():
        _locked_progress(now)
        top = CaseEvent.objects.aggregate(top=Max("pk"))["top"] or 0
        Tally.objects.all().delete()
        UnitFact.objects.all().delete()
        CaseMark.objects.all().delete()
        Progress.objects.filter(pk=1).update(last_event_id=top)
    counted, last = 0, 0
    while True:
        ids = list(
            Case.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH_CASES]
        )
        if not ids:
            break
        with transaction.atomic():
            _locked_progress(now)
            refresh(ids)
        counted += len(ids)
        last = ids[-1]
    catch_up(now)
    return counted


def _locked_progress(now: datetime) -> Progress:
    """Take the lock first, with a write: on SQLite a read would not serialise two runs."""
    Progress.objects.get_or_create(pk=1)
    Progress.objects.filter(pk=1).update(updated_at=now)
    return Progress.objects.select_for_update().get(pk=1)


def refresh(case_ids: Iterable[int]) -> None:
    """Recount these cases and apply the differences. Inside the caller's transaction."""
    ids = sorted(set(case_ids))
    if not ids:
        return
    old_marks = CaseMark.objects.in_bulk(ids)
    old_facts = _facts_of(ids)
    new_marks = marks_for(ids)
    new_facts = _fold(ids, new_marks)
    delta: Counter[TallyKey] = Counter()
    for case_id in ids:
        _count(delta, old_marks.get(case_id), old_facts.get(case_id, ()), -1)
        _count(delta, new_marks.get(case_id), new_facts.get(case_id, ()), +1)
    changed = [
        case_id
        for case_id in ids
        if _marks_differ(old_marks.get(case_id), new_marks.get(case_id))
        or sorted(old_facts.get(case_id, ())) != sorted(new_facts.get(case_id, ()))
    ]
    if not changed:
        return
    CaseMark.objects.filter(pk__in=changed).delete()
    CaseMark.objects.bulk_create([new_marks[c] for c in changed if c in new_marks])
    UnitFact.objects.filter(case_id__in=changed).delete()
    UnitFact.objects.bulk_create(
        [
            UnitFact(case_id=c, figure=figure, unit_id=unit, day=day, at=at)
            for c in changed
            for figure, unit, day, at in new_facts.get(c, ())
        ]
    )
    _add_to_tally({key: n for key, n in delta.items() if n})


FactRow = tuple[str, int, date, datetime]


def _facts_of(ids: Sequence[int]) -> dict[int, list[FactRow]]:
    found: dict[int, list[FactRow]] = defaultdict(list)
    for case_id, figure, unit, day, at in UnitFact.objects.filter(case_id__in=ids).values_list(
        "case_id", "figure", "unit_id", "day", "at"
    ):
        found[case_id].append((figure, unit, day, at))
    return found


def _fold(ids: Sequence[int], marks: dict[int, CaseMark]) -> dict[int, list[FactRow]]:
    tree = unit_tree()
    events: dict[int, list[fold.Event]] = defaultdict(list)
    rows = (
        CaseEvent.objects.filter(case_id__in=[i for i in ids if i in marks])
        .order_by("case_id", "pk")
        .values_list("case_id", "verb", "at", "to_status", "data")
    )
    for case_id, verb, at, to_status, data in rows:
        if verb in fold.VERBS:
            events[case_id].append(fold.Event(verb, at, to_status, data or {}))
    found: dict[int, list[FactRow]] = {}
    for case_id, history in events.items():
        facts = fold.unit_facts(
            history,
            centre_id=marks[case_id].centre_id,
            unit_of=lambda code: tree.id_for_code(code) if code else None,
        )
        found[case_id] = [(f.figure, f.unit_id, calendar.local_date(f.at), f.at) for f in facts]
    return found


def _marks_differ(old: CaseMark | None, new: CaseMark | None) -> bool:
    if old is None or new is None:
        return old is not new
    return any(
        getattr(old, name) != getattr(new, name)
        for name in ("day", "centre_id", "category_id", "kind", "channel", "severity", *CASE_FLAGS)
    )


def _count(
    delta: Counter[TallyKey], mark: CaseMark | None, facts: Iterable[FactRow], sign: int
) -> None:
    """Add (sign +1) or take away (-1) what a case counts for, under its mark's dimensions."""
    if mark is None:
        return
    dims = (mark.centre_id, mark.category_id, mark.kind, mark.channel, mark.severity)
    delta[(mark.day, RECEIVED, 0, *dims)] += sign
    for flag in CASE_FLAGS:
        if getattr(mark, flag):
            delta[(mark.day, flag, 0, *dims)] += sign
    for figure, unit, day, _at in facts:
        delta[(day, figure, unit, *dims)] += sign


_TALLY_COLUMNS = "day, figure, unit_id, centre_id, category_id, kind, channel, severity, n"


def _add_to_tally(delta: dict[TallyKey, int]) -> None:
    """Add the differences to the rollup (an upsert that adds: both SQLite and PostgreSQL have
    ON CONFLICT … DO UPDATE). On PostgreSQL one statement with nine array parameters: the same
    text every time, where 1,000-row VALUES lists made psycopg parse 9,000 placeholders a call
    (most of `rebuild`'s time)."""
    if not delta:
        return
    table = connection.ops.quote_name(Tally._meta.db_table)
    upsert = (
        "ON CONFLICT (day, figure, unit_id, centre_id, category_id, kind, channel, severity) "
        f"DO UPDATE SET n = {table}.n + excluded.n"
    )
    # Dates as ISO text: Python 3.12 deprecates sqlite3's implicit date adapter.
    rows = [(str(key[0]), *key[1:], n) for key, n in delta.items()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} ({_TALLY_COLUMNS}) SELECT * FROM unnest(%s::date[], "
                "%s::text[], %s::bigint[], %s::bigint[], %s::bigint[], %s::text[], %s::text[], "
                f"%s::text[], %s::bigint[]) {upsert}",
                [list(column) for column in zip(*rows, strict=True)],
            )
            return
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({_TALLY_COLUMNS}) VALUES {values} {upsert}",
                [v for row in chunk for v in row],
            )


def recount() -> Counter[TallyKey]:
    """What the rollup should hold, counted from every case again (in memory, a batch at a
    time; for tests and `tousu stats check`)."""
    expected: Counter[TallyKey] = Counter()
    last = 0
    while True:
        ids = list(
            Case.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH_CASES]
        )
        if not ids:
            break
        marks = marks_for(ids)
        facts = _fold(ids, marks)
        for case_id in ids:
            _count(expected, marks.get(case_id), facts.get(case_id, ()), +1)
        last = ids[-1]
    return Counter({key: n for key, n in expected.items() if n})


def differences() -> dict[TallyKey, tuple[int, int]]:
    """Every rollup row that differs from a full recount: key → (in the rollup, recounted)."""
    stored: Counter[TallyKey] = Counter()
    for row in Tally.objects.exclude(n=0).values_list(
        "day", "figure", "unit_id", "centre_id", "category_id", "kind", "channel", "severity", "n"
    ):
        stored[tuple(row[:-1])] += row[-1]  # type: ignore[index]
    counted = recount()
    return {
        key: (stored[key], counted[key])
        for key in set(stored) | set(counted)
        if stored[key] != counted[key]
    }
