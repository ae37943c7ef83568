"""Tousu benchmark: create many cases, then time the API the staff use all day.

Not a test. Usage (from the repository root):

    .venv/bin/python bench/bench_cases.py                  # 100,000 cases on SQLite
    .venv/bin/python bench/bench_cases.py --million        # 1,000,000 cases
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/tousu_bench
    .venv/bin/python bench/bench_cases.py                  # 100,000 cases on PostgreSQL

The database: DATABASE_URL, or SQLite under TOUSU_HOME, which defaults to var/bench here (never
the demo database). The run starts from an empty database (the SQLite file is deleted; a
PostgreSQL database whose name starts with `tousu_bench` is dropped and created again) unless
--reuse is given, which keeps the cases there and skips the creation phases that are not needed.

What it measures (see bench/README.md and docs/performance.md):
  (a) cases per second through the service layer: `register` and the workflow verbs, each
      verb its own transaction as in production, by the demo generator (tousu.demo.cases) with
      the benchmark's mix (about 30% stay registered, the rest spread over every status);
      above --service-cases (default: all up to 100,000; 20,000 with --million) the rest is
      filled by the *fast path*: the same generator and routes, with stand-ins for `register`
      and the verbs that compute every column with the same functions (deadlines, severity,
      numbering, encryption) in memory and write in bulk. Before it is used, the fast path is
      checked against the service layer on 300 cases (same seed and clock: every column of
      every row must be equal), inside a transaction that is rolled back;
  (b) cases per second through the HTTP API: waitress in a background thread on 127.0.0.1,
      POST /api/v1/cases with a bearer token over keep-alive http.client, 1 and 2 clients;
  (c) p50/p99 latency of the queue list, the queue counts and the case detail; plus the SQL
      each endpoint runs, its time and its query plan (EXPLAIN), in the results file.

Results: a Markdown table on stdout and bench/results/<date>-<database>-<cases>.{md,json}.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sqlite3
import statistics
import sys
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SERVICE_SAMPLE_MILLION = 20_000
VERIFY_CASES = 300
FAST_BATCH = 2_000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- arguments and the database, before Django starts -----------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--cases", type=int, default=100_000, help="cases to create (default 100000)")
    p.add_argument("--million", action="store_true", help="1,000,000 cases")
    p.add_argument(
        "--service-cases",
        type=int,
        default=None,
        help="how many go through the service layer; the rest take the fast path "
        f"(default: all up to 100000, {SERVICE_SAMPLE_MILLION} with --million)",
    )
    p.add_argument(
        "--http-cases", type=int, default=2_000, help="POSTs for (b) (default 2000; 0: skip)"
    )
    p.add_argument(
        "--requests", type=int, default=200, help="requests per endpoint for (c) (default 200)"
    )
    p.add_argument("--threads", type=int, default=4, help="waitress threads (default 4)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--reuse", action="store_true", help="keep the database and its cases")
    p.add_argument("--skip-verify", action="store_true", help="do not check the fast path first")
    ns = p.parse_args(argv)
    if ns.million:
        ns.cases = 1_000_000
    if ns.service_cases is None:
        ns.service_cases = ns.cases if ns.cases <= 100_000 else SERVICE_SAMPLE_MILLION
    ns.service_cases = min(ns.service_cases, ns.cases)
    return ns


def prepare_database(ns: argparse.Namespace) -> str:
    """Point Django at the benchmark database, empty unless --reuse; returns a description."""
    os.environ.setdefault("TOUSU_HOME", str(ROOT / "var" / "bench"))
    os.environ.setdefault("TOUSU_DEBUG", "0")  # DEBUG keeps every query in memory
    os.environ["DJANGO_SETTINGS_MODULE"] = "tousu.settings"
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return _prepare_postgres(url, fresh=not ns.reuse)
    home = Path(os.environ["TOUSU_HOME"]).resolve()
    path = home / "tousu.sqlite3"
    if url:
        return f"DATABASE_URL {url}"
    if not ns.reuse and path.exists():
        if "bench" not in home.name:
            sys.exit(f"refusing to delete {path}: use --reuse or a TOUSU_HOME named *bench*")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    (home / "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
    return f"SQLite {sqlite3.sqlite_version} at {path}"


def _prepare_postgres(url: str, *, fresh: bool) -> str:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if exists and fresh:
            if not name.startswith("tousu_bench"):
                sys.exit(f"refusing to drop database {name!r}: use --reuse or tousu_bench*")
            conn.execute(f'drop database "{name}" with (force)')
            exists = None
        if not exists:
            conn.execute(f'create database "{name}"')
            log(f"created database {name}")
        version = conn.execute("show server_version").fetchone()
    return f"PostgreSQL {version[0] if version else '?'} database {name}"


# --- the benchmark's mix -----------------------------------------------------------------------


def bench_weights() -> dict[str, float]:
    """The demo's proportions, with registered raised to about 30% of all cases."""
    from tousu.cases.models import Status
    from tousu.demo.cases import TARGET_WEIGHTS

    weights = dict(TARGET_WEIGHTS)
    others = sum(w for s, w in weights.items() if s != Status.REGISTERED)
    weights[Status.REGISTERED] = others * 3 / 7
    return weights


# --- the fast path: the same columns, computed in memory, written in bulk ---------------------


class FastPath:
    """Stand-ins for `register` and the workflow verbs that the demo generator calls.

    Each mirrors its service-layer function (tousu/cases/registration.py, workflow.py): the same
    helpers compute every column (deadlines.policy_for / after_workdays / tracking_fields /
    shift, severity.suggest, numbering.period_key / format_number / new_tracking_code, the
    encrypted fields and blind indexes of Complainant), the same events, transfers and extension
    rows are produced. What is skipped: the rights checks and input validation (the generator
    only takes routes the service layer accepts — `verify_fast_path` proves it on a sample),
    the per-verb transaction and guarded UPDATE, and one INSERT per row: rows are buffered and
    written with bulk_create, FAST_BATCH cases per transaction, with ids allocated here.
    """

    def __init__(self) -> None:
        from tousu.cases.models import (
            Assignment,
            Case,
            CaseEvent,
            Complainant,
            Demand,
            ExtensionRequest,
            Respondent,
        )

        self.models: list[Any] = [
            Case,
            Complainant,
            Respondent,
            Demand,
            Assignment,
            ExtensionRequest,
            CaseEvent,
        ]
        self.next_id: dict[Any, int] = {}
        self.buffers: dict[Any, list[Any]] = {m: [] for m in self.models}
        self.sequences: dict[str, int] = {}
        self.recent: OrderedDict[int, Any] = OrderedDict()
        # Per case in flight: its transfers and extension requests (in memory until flushed).
        self.assignments: dict[int, list[Any]] = {}
        self.extensions: dict[int, list[Any]] = {}
        self._units: dict[str, Any] = {}
        self._unit_codes: dict[int, str] = {}
        self._centres: dict[int, Any] = {}
        self._categories: dict[str, Any] = {}
        self._reasons: dict[tuple[str, str], tuple[str, str]] = {}
        self.load_state()

    def load_state(self) -> None:
        from django.db.models import Max

        from tousu.cases.models import CaseSequence
        from tousu.categories.models import Category
        from tousu.orgs.models import Unit

        for model in self.models:
            self.next_id[model] = (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        self.sequences = dict(CaseSequence.objects.values_list("period", "last"))
        for unit in Unit.objects.all():
            self._units[unit.code] = unit
            self._unit_codes[unit.pk] = unit.code
        self._categories = {c.code: c for c in Category.objects.filter(is_active=True)}

    def _new(self, model: Any, **values: Any) -> Any:
        row = model(id=self.next_id[model], **values)
        self.next_id[model] += 1
        self.buffers[model].append(row)
        return row

    # --- register ---

    def register(self, new: Any, *, actor: Any, now: datetime) -> Any:
        from django.conf import settings

        from tousu.calendar import services as calendar
        from tousu.cases import deadlines, numbering, severity
        from tousu.cases.models import Case, CaseEvent, Complainant, Demand, Respondent, Status
        from tousu.cases.registration import _centre_for

        category = self._categories.get(new.category) if new.category else None
        centre = self._centres.get(actor.pk)
        if centre is None:
            centre = self._centres[actor.pk] = _centre_for(actor, None)
        people = [] if new.anonymous else new.complainants
        party_count = new.party_count or max(len(people), 1)
        rank = new.respondent.official_rank if new.respondent else ""
        suggested, reasons = severity.suggest(
            identities=[p.special_identity for p in people],
            official_rank=rank,
            party_count=party_count,
            safety=new.safety,
            difficult=new.difficult,
        )
        chosen = new.severity or suggested
        received = new.received_at or now
        policy = deadlines.policy_for(new.kind, category.pk if category else None, chosen)
        accept_due = deadlines.after_workdays(received, policy.accept_days)
        pattern = settings.TOUSU_CASE_NUMBER_PATTERN
        local = now.astimezone(calendar.time_zone())
        period = numbering.period_key(pattern, local)
        self.sequences[period] = self.sequences.get(period, 0) + 1
        case = self._new(
            Case,
            kind=new.kind,
            channel=new.channel,
            title=new.title.strip(),
            content=new.content.strip(),
            facts=new.facts.strip(),
            address=new.address.strip(),
            latitude=new.latitude,
            longitude=new.longitude,
            occurred_at=new.occurred_at,
            category=category,
            anonymous=new.anonymous,
            party_count=party_count,
            special_circumstances=new.safety,
            difficult=new.difficult,
            severity=chosen,
            suggested_severity=suggested,
            severity_reasons=reasons,
            severity_confirmed=new.severity is not None,
            centre=centre,
            received_at=received,
            registered_at=now,
            accept_due=accept_due,
            registered_by=actor,
            status=Status.REGISTERED,
            number=numbering.format_number(pattern, local, self.sequences[period]),
            tracking_code=numbering.new_tracking_code(),
            **deadlines.tracking_fields(Status.REGISTERED, accept_due, None, None, policy),
        )
        for position, p in enumerate(people, start=1):
            row = self._new(
                Complainant,
                case=case,
                position=position,
                is_representative=p.is_representative,
                name=p.name.strip(),
                gender=p.gender,
                id_number=p.id_number.strip(),
                phone=p.phone.strip(),
                address=p.address.strip(),
                postcode=p.postcode.strip(),
                organisation=p.organisation.strip(),
                special_identity=p.special_identity,
            )
            row.refresh_indexes()
        if new.respondent is not None:
            r = new.respondent
            self._new(
                Respondent,
                case=case,
                type=r.type,
                name=r.name.strip(),
                address=r.address.strip(),
                legal_representative=r.legal_representative.strip(),
                responsible_person=r.responsible_person.strip(),
                phone=r.phone.strip(),
                official_rank=r.official_rank,
            )
        for i, text in enumerate(new.demands, start=1):
            self._new(Demand, case=case, position=i, text=text.strip())
        self._new(
            CaseEvent,
            case=case,
            verb="register",
            actor=actor,
            at=now,
            from_status="",
            to_status=Status.REGISTERED,
            note="",
            data={
                "channel": case.channel,
                "suggested_severity": suggested,
                "severity_reasons": reasons,
            },
        )
        self.assignments[case.pk] = []
        self.extensions[case.pk] = []
        self.recent[case.pk] = case
        while len(self.recent) > 1000:
            self.recent.popitem(last=False)
        return case

    # --- the shared part of every verb (workflow._apply) ---

    def _apply(
        self,
        case: Any,
        verb: str,
        *,
        actor: Any,
        now: datetime,
        to: str,
        changes: dict[str, Any] | None = None,
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> Any:
        from tousu.cases import deadlines
        from tousu.cases.models import CaseEvent
        from tousu.cases.workflow import SAME

        target = case.status if to == SAME else to
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
            )
        )
        self._new(
            CaseEvent,
            case=case,
            verb=verb,
            actor=actor,
            at=now,
            from_status=case.status,
            to_status=target,
            note=note,
            data=data or {},
        )
        for name, value in values.items():
            setattr(case, name, value)
        case.status = target
        case.version += 1
        return case

    def _reason(self, kind: str, value: str) -> tuple[str, str]:
        from tousu.cases import workflow

        key = (kind, value)
        if key not in self._reasons:
            self._reasons[key] = workflow._reason(kind, value)  # type: ignore[arg-type]
        return self._reasons[key]

    def _open(self, case: Any) -> list[Any]:
        from tousu.cases.models import OPEN_ASSIGNMENT_STATES

        return [a for a in self.assignments[case.pk] if a.state in OPEN_ASSIGNMENT_STATES]

    def _close_assignment(self, case: Any, state: str, now: datetime) -> None:
        for a in self._open(case):
            a.state, a.closed_at = state, now

    def _cancel_pending_extension(self, case: Any, actor: Any, now: datetime, note: str) -> None:
        for e in self.extensions[case.pk]:
            if e.decided_at is None:
                e.approved, e.decided_by, e.decided_at, e.note = False, actor, now, note

    def _fresh_unit_due(self, case: Any, now: datetime) -> datetime:
        from tousu.cases import deadlines

        return deadlines.after_workdays(now, deadlines.policy_of(case).unit_days)

    def _needs_signoff(self, case: Any) -> bool:
        from tousu.cases import deadlines
        from tousu.cases.models import LEADER_SIGNOFF_SEVERITIES

        return (
            case.severity in LEADER_SIGNOFF_SEVERITIES
            or deadlines.policy_of(case).dispatch_needs_signoff
        )

    def _rework(self, case: Any, now: datetime) -> dict[str, Any]:
        return {"rework_count": case.rework_count + 1, "unit_due": self._fresh_unit_due(case, now)}

    def _reopen_assignment(self, case: Any) -> None:
        from tousu.cases.models import OPEN_ASSIGNMENT_STATES, AssignmentState

        mine = [a for a in self.assignments[case.pk] if a.unit_id == case.unit_id]
        if mine and mine[-1].state not in OPEN_ASSIGNMENT_STATES:
            mine[-1].state, mine[-1].closed_at = AssignmentState.ACTIVE, None

    def _assignment(self, case: Any, **values: Any) -> Any:
        from tousu.cases.models import Assignment

        row = self._new(Assignment, case=case, **values)
        self.assignments[case.pk].append(row)
        return row

    # --- the verbs (tousu.cases.workflow), in its order ---

    def accept(
        self, case: Any, *, actor: Any, now: datetime, severity: str | None = None, note: str = ""
    ) -> Any:
        from tousu.cases import deadlines
        from tousu.cases.models import Status

        confirmed = severity or case.severity
        policy = deadlines.policy_for(case.kind, case.category_id, confirmed)
        return self._apply(
            case,
            "accept",
            actor=actor,
            now=now,
            to=Status.ACCEPTED,
            note=note.strip(),
            changes={
                "severity": confirmed,
                "severity_confirmed": True,
                "accepted_at": now,
                "handle_due": deadlines.after_workdays(now, policy.handle_days),
            },
            data={"severity": confirmed},
        )

    def reject(self, case: Any, *, actor: Any, now: datetime, reason: str) -> Any:
        from tousu.cases.models import ReasonKind, Status

        code, text = self._reason(ReasonKind.NOT_ACCEPTED, reason)
        return self._apply(
            case,
            "reject",
            actor=actor,
            now=now,
            to=Status.NOT_ACCEPTED,
            note=text,
            changes={"closed_at": now},
            data={"reason_code": code},
        )

    def refer(self, case: Any, *, actor: Any, now: datetime, to: str, reason: str) -> Any:
        from tousu.cases.models import Status

        authority, why = to.strip(), reason.strip()
        return self._apply(
            case,
            "refer",
            actor=actor,
            now=now,
            to=Status.REFERRED,
            note=why,
            changes={"referred_to": authority, "closed_at": now},
            data={"to": authority},
        )

    def dispatch(
        self,
        case: Any,
        *,
        actor: Any,
        now: datetime,
        unit: str,
        due: date | None = None,
        note: str = "",
    ) -> Any:
        from tousu.cases import deadlines
        from tousu.cases.models import AssignmentState, Status

        target = self._units[unit]
        unit_due = self._fresh_unit_due(case, now) if due is None else deadlines.end_of_day(due)
        instructions = note.strip()
        waits = self._needs_signoff(case)
        self._assignment(
            case,
            unit=target,
            state=AssignmentState.PENDING_APPROVAL if waits else AssignmentState.AWAITING_SIGN,
            due=unit_due,
            note=instructions,
            created_at=now,
            created_by=actor,
        )
        return self._apply(
            case,
            "dispatch",
            actor=actor,
            now=now,
            to=Status.PENDING_APPROVAL if waits else Status.DISPATCHED,
            note=instructions,
            changes={"unit_id": target.pk, "unit_due": unit_due},
            data={"unit": target.code, "due": unit_due.isoformat(), "needs_signoff": waits},
        )

    def self_handle(self, case: Any, *, actor: Any, now: datetime, note: str = "") -> Any:
        from tousu.cases.models import AssignmentState, Status

        waits = self._needs_signoff(case)
        unit_due = self._fresh_unit_due(case, now)
        self._assignment(
            case,
            unit_id=case.centre_id,
            state=AssignmentState.PENDING_APPROVAL if waits else AssignmentState.ACTIVE,
            self_handled=True,
            due=unit_due,
            created_at=now,
            created_by=actor,
        )
        return self._apply(
            case,
            "self_handle",
            actor=actor,
            now=now,
            to=Status.PENDING_APPROVAL if waits else Status.HANDLING,
            note=note.strip(),
            changes={"unit_id": case.centre_id, "unit_due": unit_due},
            data={"needs_signoff": waits},
        )

    def approve(
        self, case: Any, *, actor: Any, now: datetime, approve: bool, note: str = ""
    ) -> Any:
        from tousu.cases.models import AssignmentState, Status

        pending = self._open(case)[0]
        text = note.strip()
        if not approve:
            self._close_assignment(case, AssignmentState.REJECTED, now)
            return self._apply(
                case,
                "approve",
                actor=actor,
                now=now,
                to=Status.ACCEPTED,
                note=text,
                changes={"unit_id": None, "unit_due": None},
                data={"approve": False},
            )
        pending.state = (
            AssignmentState.ACTIVE if pending.self_handled else AssignmentState.AWAITING_SIGN
        )
        return self._apply(
            case,
            "approve",
            actor=actor,
            now=now,
            to=Status.HANDLING if pending.self_handled else Status.DISPATCHED,
            note=text,
            data={"approve": True},
        )

    def sign(self, case: Any, *, actor: Any, now: datetime) -> Any:
        from tousu.cases.models import AssignmentState, Status

        for a in self.assignments[case.pk]:
            if a.state == AssignmentState.AWAITING_SIGN:
                a.state = AssignmentState.ACTIVE
        return self._apply(case, "sign", actor=actor, now=now, to=Status.HANDLING)

    def return_case(self, case: Any, *, actor: Any, now: datetime, reason: str) -> Any:
        from tousu.cases.models import AssignmentState, ReasonKind, Status

        code, text = self._reason(ReasonKind.RETURN, reason)
        unit_code = self._unit_codes.get(case.unit_id) if case.unit_id else None
        self._close_assignment(case, AssignmentState.RETURNED, now)
        self._cancel_pending_extension(case, actor, now, "returned")
        return self._apply(
            case,
            "return",
            actor=actor,
            now=now,
            to=Status.ACCEPTED,
            note=text,
            changes={"unit_id": None, "unit_due": None, "extension_pending": False},
            data={"reason_code": code, "unit": unit_code},
        )

    def request_extension(
        self, case: Any, *, actor: Any, now: datetime, days: int, reason: str
    ) -> Any:
        from tousu.cases.models import ExtensionRequest
        from tousu.cases.workflow import SAME

        why = reason.strip()
        result = self._apply(
            case,
            "request_extension",
            actor=actor,
            now=now,
            to=SAME,
            note=why,
            changes={"extension_pending": True},
            data={"days": days},
        )
        row = self._new(
            ExtensionRequest,
            case=case,
            days=days,
            reason=why,
            requested_by=actor,
            requested_at=now,
        )
        self.extensions[case.pk].append(row)
        return result

    def decide_extension(
        self, case: Any, *, actor: Any, now: datetime, approve: bool, note: str = ""
    ) -> Any:
        from tousu.cases import deadlines
        from tousu.cases.workflow import SAME

        request = next(e for e in self.extensions[case.pk] if e.decided_at is None)
        changes: dict[str, Any] = {"extension_pending": False}
        if approve:
            changes["handle_due"] = deadlines.shift(case.handle_due, request.days)
            changes["unit_due"] = deadlines.shift(case.unit_due, request.days)
        text = note.strip()
        request.approved, request.decided_by, request.decided_at, request.note = (
            approve,
            actor,
            now,
            text,
        )
        return self._apply(
            case,
            "decide_extension",
            actor=actor,
            now=now,
            to=SAME,
            note=text,
            changes=changes,
            data={"approve": approve, "days": request.days},
        )

    def submit_result(
        self,
        case: Any,
        *,
        actor: Any,
        now: datetime,
        result: str,
        justified: bool | None = None,
        valid: bool | None = None,
    ) -> Any:
        from tousu.cases.models import Status

        self._cancel_pending_extension(case, actor, now, "result submitted")
        return self._apply(
            case,
            "submit_result",
            actor=actor,
            now=now,
            to=Status.RESULT_SUBMITTED,
            changes={
                "result": result.strip(),
                "justified": justified,
                "valid": valid,
                "extension_pending": False,
            },
            data={"justified": justified, "valid": valid},
        )

    def review(self, case: Any, *, actor: Any, now: datetime, approve: bool, note: str = "") -> Any:
        from tousu.cases.models import AssignmentState, Status

        text = note.strip()
        if approve:
            self._close_assignment(case, AssignmentState.DONE, now)
            return self._apply(
                case,
                "review",
                actor=actor,
                now=now,
                to=Status.REVIEWED,
                note=text,
                data={"approve": True},
            )
        return self._apply(
            case,
            "review",
            actor=actor,
            now=now,
            to=Status.HANDLING,
            note=text,
            changes=self._rework(case, now),
            data={"approve": False},
        )

    def reply(self, case: Any, *, actor: Any, now: datetime, content: str, channel: str) -> Any:
        from tousu.cases.models import Status

        return self._apply(
            case,
            "reply",
            actor=actor,
            now=now,
            to=Status.REPLIED,
            changes={"reply": content.strip(), "reply_channel": channel},
            data={"channel": channel},
        )

    def callback(
        self, case: Any, *, actor: Any, now: datetime, satisfaction: str, note: str = ""
    ) -> Any:
        from tousu.cases.models import Satisfaction, Status

        changes: dict[str, Any] = {"satisfaction": satisfaction}
        if satisfaction != Satisfaction.DISSATISFIED:
            to = Status.CLOSED
            changes["closed_at"] = now
        elif case.dissatisfied_count == 0 and case.unit_id is not None:
            to = Status.HANDLING
            changes |= self._rework(case, now) | {"dissatisfied_count": 1}
        else:
            to = Status.PENDING_DECISION
            changes["dissatisfied_count"] = case.dissatisfied_count + 1
        self._apply(
            case,
            "callback",
            actor=actor,
            now=now,
            to=to,
            note=note.strip(),
            changes=changes,
            data={"satisfaction": satisfaction},
        )
        if to == Status.HANDLING:
            self._reopen_assignment(case)
        return case

    def decide(self, case: Any, *, actor: Any, now: datetime, rehandle: bool, note: str) -> Any:
        from tousu.cases.models import Status

        text = note.strip()
        if rehandle and case.unit_id is not None:
            self._apply(
                case,
                "decide",
                actor=actor,
                now=now,
                to=Status.HANDLING,
                note=text,
                changes=self._rework(case, now),
                data={"rehandle": True},
            )
            self._reopen_assignment(case)
            return case
        return self._apply(
            case,
            "decide",
            actor=actor,
            now=now,
            to=Status.CLOSED,
            note=text,
            changes={"closed_at": now},
            data={"rehandle": False},
        )

    def archive(self, case: Any, *, actor: Any, now: datetime) -> Any:
        from tousu.cases.models import Status

        return self._apply(case, "archive", actor=actor, now=now, to=Status.ARCHIVED)

    def suspend(self, case: Any, *, actor: Any, now: datetime, reason: str) -> Any:
        from tousu.cases.models import Status

        return self._apply(
            case,
            "suspend",
            actor=actor,
            now=now,
            to=Status.SUSPENDED,
            note=reason.strip(),
            changes={"suspended_from": case.status, "suspended_at": now},
        )

    def resume(self, case: Any, *, actor: Any, now: datetime) -> Any:
        from tousu.calendar import services as calendar
        from tousu.cases import deadlines

        cal = calendar.get_calendar()
        lost = cal.workdays_between(
            calendar.local_date(case.suspended_at), calendar.local_date(now)
        )
        return self._apply(
            case,
            "resume",
            actor=actor,
            now=now,
            to=case.suspended_from,
            changes={
                "suspended_from": "",
                "suspended_at": None,
                "handle_due": deadlines.shift(case.handle_due, lost),
                "unit_due": deadlines.shift(case.unit_due, lost),
            },
            data={"workdays_suspended": lost},
        )

    def merge(self, case: Any, *, actor: Any, now: datetime, into: int) -> Any:
        from tousu.cases.models import CaseEvent, Status

        target = self.recent[into]
        self._apply(
            case,
            "merge",
            actor=actor,
            now=now,
            to=Status.MERGED,
            changes={"merged_into_id": target.pk, "closed_at": now},
            data={"into": target.pk, "number": target.number},
        )
        self._new(
            CaseEvent,
            case=target,
            verb="merged_in",
            actor=actor,
            at=now,
            from_status=target.status,
            to_status=target.status,
            note="",
            data={"case": case.pk, "number": case.number},
        )
        return case

    def reopen(self, case: Any, *, actor: Any, now: datetime, reason: str) -> Any:
        from tousu.cases import deadlines
        from tousu.cases.models import Status

        policy = deadlines.policy_of(case)
        base: dict[str, Any] = {
            "closed_at": None,
            "unit_id": None,
            "unit_due": None,
            "merged_into_id": None,
            "satisfaction": "",
            "dissatisfied_count": 0,
        }
        if case.status in {Status.NOT_ACCEPTED, Status.REFERRED, Status.WITHDRAWN}:
            to = Status.REGISTERED
            base |= {
                "accept_due": deadlines.after_workdays(now, policy.accept_days),
                "handle_due": None,
                "accepted_at": None,
                "referred_to": "",
            }
        else:
            to = Status.ACCEPTED
            base |= {"handle_due": deadlines.after_workdays(now, policy.handle_days)}
        return self._apply(
            case, "reopen", actor=actor, now=now, to=to, note=reason.strip(), changes=base
        )

    def withdraw(self, case: Any, *, actor: Any, now: datetime, reason: str) -> Any:
        from tousu.cases.models import AssignmentState, Status

        for a in self.assignments[case.pk]:
            if a.state == AssignmentState.PENDING_APPROVAL:
                a.state, a.closed_at = AssignmentState.REJECTED, now
        self._close_assignment(case, AssignmentState.CANCELLED, now)
        self._cancel_pending_extension(case, actor, now, "withdrawn")
        return self._apply(
            case,
            "withdraw",
            actor=actor,
            now=now,
            to=Status.WITHDRAWN,
            note=reason.strip(),
            changes={
                "closed_at": now,
                "extension_pending": False,
                "suspended_from": "",
                "suspended_at": None,
            },
        )

    # --- writing ---

    def pending_cases(self) -> int:
        return len(self.buffers[self.models[0]])

    def flush(self) -> None:
        """Write the buffered rows (and the number sequences) in one transaction."""
        from django.db import transaction

        from tousu.cases.models import CaseSequence

        with transaction.atomic():
            for model in self.models:
                rows = self.buffers[model]
                if rows:
                    model.objects.bulk_create(rows, batch_size=500)
                self.buffers[model] = []
            for period, last in self.sequences.items():
                CaseSequence.objects.update_or_create(period=period, defaults={"last": last})
        open_ids = set(self.recent)
        self.assignments = {k: v for k, v in self.assignments.items() if k in open_ids}
        self.extensions = {k: v for k, v in self.extensions.items() if k in open_ids}

    def reset_sequences(self) -> None:
        """PostgreSQL: move the id sequences past the ids allocated here."""
        from django.core.management.color import no_style
        from django.db import connection

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(sql)


class _Rollback(Exception):
    pass


def _rows(case_ids: list[int]) -> dict[str, list[Any]]:
    """Everything about these cases, in comparable form (ids replaced by positions)."""
    from tousu.cases.models import (
        Assignment,
        Case,
        CaseEvent,
        Complainant,
        Demand,
        ExtensionRequest,
        Respondent,
    )

    index = {pk: i for i, pk in enumerate(case_ids)}
    skip = {"id", "number", "tracking_code", "merged_into"}
    case_fields = [f.attname for f in Case._meta.concrete_fields if f.name not in skip]

    def norm_data(data: dict[str, Any]) -> dict[str, Any]:
        out = dict(data)
        for key in ("into", "case"):
            if key in out:
                out[key] = index.get(out[key], "?")
        out.pop("number", None)
        return out

    def child(model: Any, *names: str) -> list[Any]:
        rows = model.objects.filter(case_id__in=case_ids).order_by("id")
        return [(index[r.case_id], *(getattr(r, n) for n in names)) for r in rows]

    cases = Case.objects.filter(pk__in=case_ids).order_by("id")
    return {
        "case": [
            (
                index[c.pk],
                index.get(c.merged_into_id) if c.merged_into_id else None,
                *(getattr(c, n) for n in case_fields),
            )
            for c in cases
        ],
        "event": [
            (i, verb, actor, at, fs, ts, note, norm_data(data))
            for i, verb, actor, at, fs, ts, note, data in child(
                CaseEvent, "verb", "actor_id", "at", "from_status", "to_status", "note", "data"
            )
        ],
        "assignment": child(
            Assignment,
            "unit_id",
            "state",
            "self_handled",
            "due",
            "note",
            "created_at",
            "created_by_id",
            "closed_at",
        ),
        "extension": child(
            ExtensionRequest,
            "days",
            "reason",
            "requested_by_id",
            "requested_at",
            "approved",
            "decided_by_id",
            "decided_at",
            "note",
        ),
        "complainant": child(
            Complainant,
            "position",
            "is_representative",
            "name",
            "gender",
            "id_number",
            "phone",
            "address",
            "postcode",
            "organisation",
            "special_identity",
            "name_index",
            "phone_index",
        ),
        "respondent": child(
            Respondent,
            "type",
            "name",
            "address",
            "legal_representative",
            "responsible_person",
            "phone",
            "official_rank",
        ),
        "demand": child(Demand, "position", "text"),
    }


def verify_fast_path(users: dict[str, Any], weights: dict[str, float], seed: int) -> str:
    """The same plans through the service layer and through the fast path must give the same
    rows. Runs in a transaction that is rolled back; raises SystemExit on a difference."""
    from django.db import transaction
    from django.utils import timezone

    from tousu.cases.models import Case
    from tousu.demo.cases import Generator

    now = timezone.now()
    verdict = ""
    try:
        with transaction.atomic():
            first = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
            Generator(users, seed=seed, now=now, weights=weights).run(VERIFY_CASES)
            real_ids = list(
                Case.objects.filter(id__gt=first).order_by("id").values_list("id", flat=True)
            )
            fast = FastPath()
            Generator(
                users, seed=seed, now=now, weights=weights, workflow=fast, register_fn=fast.register
            ).run(VERIFY_CASES)
            fast.flush()
            fast_ids = list(
                Case.objects.filter(id__gt=real_ids[-1]).order_by("id").values_list("id", flat=True)
            )
            real, simulated = _rows(real_ids), _rows(fast_ids)
            problems = []
            for table in real:
                a, b = real[table], simulated[table]
                if len(a) != len(b):
                    problems.append(f"{table}: {len(a)} rows vs {len(b)}")
                    continue
                diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
                if diffs:
                    problems.append(
                        f"{table}: {len(diffs)} rows differ, e.g.\n  {diffs[0][0]}\n  {diffs[0][1]}"
                    )
            if problems:
                sys.exit("fast path differs from the service layer:\n" + "\n".join(problems))
            total = sum(len(v) for v in real.values())
            verdict = (
                f"fast path verified: {VERIFY_CASES} cases, {total} rows in 7 tables equal to "
                "the service layer's (ids, numbers and tracking codes aside)"
            )
            raise _Rollback
    except _Rollback:
        pass
    return verdict


# --- HTTP ------------------------------------------------------------------------------------


class Server:
    """The WSGI app under waitress, in a daemon thread, on a free port of 127.0.0.1."""

    def __init__(self, threads: int) -> None:
        from waitress.server import create_server

        from tousu.wsgi import application

        self.server: Any = create_server(
            application, host="127.0.0.1", port=0, threads=threads, ident="tousu-bench"
        )
        self.port: int = self.server.effective_port
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.close()


class Client:
    """Keep-alive HTTP/1.1 with a bearer token."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any, float]:
        data = json.dumps(body).encode() if body is not None else None
        start = time.perf_counter()
        self.conn.request(method, path, body=data, headers=self.headers)
        response = self.conn.getresponse()
        raw = response.read()
        elapsed = time.perf_counter() - start
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw[:500].decode(errors="replace")
        return response.status, body, elapsed


def case_payload(new: Any) -> dict[str, Any]:
    """A NewCase as the API's POST /cases body."""
    body: dict[str, Any] = {
        "kind": new.kind,
        "channel": new.channel,
        "title": new.title,
        "content": new.content,
        "facts": new.facts,
        "category": new.category,
        "address": new.address,
        "demands": list(new.demands),
        "safety": new.safety,
        "difficult": new.difficult,
    }
    if new.anonymous:
        body["complainant"] = {"anonymous": True}
    else:
        body["complainants"] = [asdict(p) for p in new.complainants]
    if new.party_count is not None:
        body["party_count"] = new.party_count
    if new.respondent is not None:
        body["respondent"] = asdict(new.respondent)
    if new.occurred_at is not None:
        body["occurred_at"] = new.occurred_at.isoformat()
    return body


def payloads(users: dict[str, Any], count: int, seed: int) -> Iterator[dict[str, Any]]:
    from django.utils import timezone

    from tousu.cases.models import Status
    from tousu.demo.cases import Generator

    gen = Generator(users, seed=seed, now=timezone.now())
    for i in range(count):
        plan = gen._plan(Status.REGISTERED, "plain", timezone.now())
        if i % 7 == 0:
            plan.anonymous = plan.kind in {"complaint", "report"}
        yield case_payload(gen._new_case(plan))


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)

    def add(self, seconds: float) -> None:
        self.samples.append(seconds * 1000)

    def pct(self, q: float) -> float:
        s = sorted(self.samples)
        return s[min(len(s) - 1, round(q * (len(s) - 1)))] if s else float("nan")

    def summary(self) -> dict[str, float]:
        return {
            "n": len(self.samples),
            "p50_ms": round(self.pct(0.50), 1),
            "p99_ms": round(self.pct(0.99), 1),
            "mean_ms": round(statistics.fmean(self.samples), 1) if self.samples else 0.0,
            "max_ms": round(max(self.samples), 1) if self.samples else 0.0,
        }


def http_create(
    port: int, token: str, bodies: list[dict[str, Any]], clients: int
) -> dict[str, Any]:
    """POST the bodies with `clients` threads (each its own keep-alive connection)."""
    timings = [Timing() for _ in range(clients)]
    failures: list[str] = []

    def work(k: int) -> None:
        try:
            client = Client(port, token)
            for body in bodies[k::clients]:
                status, out, elapsed = client.request("POST", "/api/v1/cases", body)
                if status != 201:
                    failures.append(f"{status} {out}")
                timings[k].add(elapsed)
        except Exception as exc:  # reported below; a dead thread must not pass for a fast one
            failures.append(repr(exc))

    start = time.perf_counter()
    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if failures:
        sys.exit(f"{len(failures)} POSTs failed, e.g. {failures[0][:500]}")
    merged = Timing([s for t in timings for s in t.samples])
    return {
        "clients": clients,
        "cases": len(bodies),
        "seconds": round(elapsed, 2),
        "cases_per_s": round(len(bodies) / elapsed, 1),
        **merged.summary(),
    }


def latency(port: int, token: str, paths: Callable[[int], str], requests: int) -> dict[str, float]:
    client = Client(port, token)
    for i in range(5):  # warm up the connection, caches and the database's pages
        client.request("GET", paths(i))
    timing = Timing()
    for i in range(requests):
        status, body, elapsed = client.request("GET", paths(i))
        if status != 200:
            sys.exit(f"GET {paths(i)} answered {status}: {str(body)[:300]}")
        timing.add(elapsed)
    return timing.summary()


# --- query plans -------------------------------------------------------------------------------


def explain(user: Any, path: str) -> list[dict[str, Any]]:
    """The SQL one request runs, with its time and plan (in-process, same code path)."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from tousu.api.models import ApiToken

    _row, token = ApiToken.issue(user, name="bench explain")
    client = DjangoClient(headers={"Authorization": f"Bearer {token}"})
    client.get(path)  # warm
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    vendor = connection.vendor
    out = []
    for q in ctx.captured_queries:
        sql = q["sql"]
        entry: dict[str, Any] = {"ms": 0.0, "sql": sql}
        if sql.lstrip().upper().startswith("SELECT"):
            # Django times execute() only; SQLite computes rows while they are fetched. So
            # run the statement again and fetch everything: best of 3.
            with connection.cursor() as cursor:
                times = []
                for _ in range(3):
                    start = time.perf_counter()
                    cursor.execute(sql)
                    cursor.fetchall()
                    times.append(time.perf_counter() - start)
                entry["ms"] = round(min(times) * 1000, 2)
                if vendor == "postgresql":
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    entry["plan"] = [r[0] for r in cursor.fetchall()]
                else:
                    cursor.execute("EXPLAIN QUERY PLAN " + sql)
                    entry["plan"] = [r[-1] for r in cursor.fetchall()]
        out.append(entry)
    return out


# --- the run -----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return info


def create_service(
    users: dict[str, Any], count: int, weights: dict[str, float], seed: int
) -> dict[str, Any]:
    from django.utils import timezone

    from tousu.demo.cases import Generator, Result

    start = time.perf_counter()

    def progress(result: Result) -> None:
        if result.created % 5000 == 0:
            rate = result.created / (time.perf_counter() - start)
            log(f"service layer: {result.created:,} cases ({rate:.0f}/s)")

    gen = Generator(users, seed=seed, now=timezone.now(), weights=weights)
    result = gen.run(count, progress=progress)
    elapsed = time.perf_counter() - start
    return {
        "cases": result.created,
        "verbs": result.steps,
        "seconds": round(elapsed, 1),
        "cases_per_s": round(result.created / elapsed, 1),
        "calls_per_s": round((result.created + result.steps) / elapsed, 1),
        "statuses": dict(result.statuses),
    }


def create_fast(
    users: dict[str, Any], count: int, weights: dict[str, float], seed: int
) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from tousu.demo.cases import Generator, Result

    fast = FastPath()
    start = time.perf_counter()

    def progress(result: Result) -> None:
        if fast.pending_cases() >= FAST_BATCH:
            fast.flush()
        if result.created % 50_000 == 0:
            rate = result.created / (time.perf_counter() - start)
            log(f"fast path: {result.created:,} cases ({rate:.0f}/s)")

    gen = Generator(
        users,
        seed=seed,
        now=timezone.now(),
        weights=weights,
        workflow=fast,
        register_fn=fast.register,
    )
    result = gen.run(count, progress=progress)
    fast.flush()
    if connection.vendor == "postgresql":
        fast.reset_sequences()
    elapsed = time.perf_counter() - start
    return {
        "cases": result.created,
        "verbs": result.steps,
        "seconds": round(elapsed, 1),
        "cases_per_s": round(result.created / elapsed, 1),
        "statuses": dict(result.statuses),
    }


def main(argv: list[str] | None = None) -> None:
    ns = parse_args(argv)
    database = prepare_database(ns)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.urls import get_resolver
    from django.utils import timezone

    from tousu.api.models import ApiToken
    from tousu.cases.models import Case
    from tousu.demo.accounts import ensure_organisation
    from tousu.lib.dbstats import refresh_statistics

    log(f"database: {database}")
    _patterns = get_resolver().url_patterns  # import the whole app now, not after an hour
    call_command("migrate", verbosity=0)
    users = ensure_organisation()
    weights = bench_weights()
    report: dict[str, Any] = {
        "date": timezone.localtime().isoformat(timespec="seconds"),
        "database": database,
        "machine": machine(),
        "target_cases": ns.cases,
    }
    notes: list[str] = []

    existing = Case.objects.count()
    to_create = max(ns.cases - existing, 0)
    service_n = min(ns.service_cases, to_create)
    fast_n = to_create - service_n
    if existing:
        notes.append(f"{existing:,} cases were already in the database (--reuse)")
    if service_n:
        log(f"(a) service layer: {service_n:,} cases")
        report["service"] = create_service(users, service_n, weights, ns.seed)
    if fast_n:
        if not ns.skip_verify:
            verdict = verify_fast_path(users, weights, ns.seed + 1)
            log(verdict)
            notes.append(verdict)
        log(f"fast path: {fast_n:,} cases")
        report["fast"] = create_fast(users, fast_n, weights, ns.seed + 2)
    if service_n or fast_n:
        # What load-demo does on SQLite, and what autovacuum does on PostgreSQL after a bulk
        # load (its insert threshold): statistics, and the visibility map that lets the queue
        # counts be index-only scans (135 → 15 ms for 113,000 handling cases at 1M).
        refresh_statistics()
        notes.append("ANALYZE after loading (tousu.lib.dbstats.refresh_statistics)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("cases_case", "cases_assignment", "cases_caseevent"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
            notes.append("PostgreSQL: VACUUM ANALYZE of the case tables (as autovacuum would)")

    User = get_user_model()
    clerk = User.objects.get(username="clerk")
    handler = User.objects.get(username="unit_a_handler")
    clerk_token = ApiToken.issue(clerk, name="bench")[1]
    handler_token = ApiToken.issue(handler, name="bench")[1]
    server = Server(ns.threads)
    log(f"(b) HTTP: waitress with {ns.threads} threads on 127.0.0.1:{server.port}")
    bodies = list(payloads(users, ns.http_cases, ns.seed + 3))
    report["http_create"] = (
        [
            http_create(server.port, clerk_token, bodies[: len(bodies) // 2], 1),
            http_create(server.port, clerk_token, bodies[len(bodies) // 2 :], 2),
        ]
        if bodies
        else []
    )
    total = Case.objects.count()
    report["cases_in_database"] = total
    report["by_status"] = dict(
        sorted(Counter(Case.objects.values_list("status", flat=True).iterator()).items())
    )

    log(f"(c) latency at {total:,} cases, {ns.requests} requests each")
    ids = Case.objects.order_by("id").values_list("id", flat=True)
    low, high = ids[:1][0], ids.reverse()[:1][0]
    rng = random.Random(ns.seed)
    detail_ids = [rng.randint(low, high) for _ in range(ns.requests + 10)]
    endpoints = [
        (
            "queue list, status=handling",
            "clerk",
            clerk,
            clerk_token,
            lambda i: "/api/v1/cases?status=handling&page=1",
        ),
        (
            "queue list, status=handling",
            "unit_a_handler",
            handler,
            handler_token,
            lambda i: "/api/v1/cases?status=handling&page=1",
        ),
        ("queue counts", "clerk", clerk, clerk_token, lambda i: "/api/v1/cases/counts"),
        (
            "queue counts",
            "unit_a_handler",
            handler,
            handler_token,
            lambda i: "/api/v1/cases/counts",
        ),
        ("case detail", "clerk", clerk, clerk_token, lambda i: f"/api/v1/cases/{detail_ids[i]}"),
    ]
    report["latency"] = []
    report["queries"] = []
    for name, username, user, token, path in endpoints:
        result = latency(server.port, token, path, ns.requests)
        report["latency"].append({"endpoint": name, "user": username, "path": path(0), **result})
        log(f"  {name} as {username}: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms")
        report["queries"].append(
            {"endpoint": name, "user": username, "path": path(0), "queries": explain(user, path(0))}
        )
    server.close()
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["notes"] = notes
    write_report(report)


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"# Tousu benchmark — {report['cases_in_database']:,} cases",
        "",
        f"{report['date']} · {report['database']} · {m.get('cpu', '?')}, {m.get('nproc')} CPUs, "
        f"{m.get('memory_gib')} GiB · Python {m.get('python')} · load average "
        f"{m.get('load_average')} at the start, {report.get('load_average_at_end')} at the end",
        "",
    ]
    if "service" in report or "fast" in report or report["http_create"]:
        lines += ["| creation | cases | verbs | seconds | cases/s |", "|---|---:|---:|---:|---:|"]
    if "service" in report:
        s = report["service"]
        lines.append(
            f"| (a) service layer: register + verbs ({s['calls_per_s']} calls/s) | "
            f"{s['cases']:,} | {s['verbs']:,} | {s['seconds']} | **{s['cases_per_s']}** |"
        )
    if "fast" in report:
        f = report["fast"]
        lines.append(
            f"| fast path (same columns, bulk insert) | {f['cases']:,} | {f['verbs']:,} | "
            f"{f['seconds']} | {f['cases_per_s']} |"
        )
    for h in report["http_create"]:
        lines.append(
            f"| (b) HTTP POST /api/v1/cases, {h['clients']} client(s) "
            f"(p50 {h['p50_ms']} ms, p99 {h['p99_ms']} ms) | {h['cases']:,} | – | "
            f"{h['seconds']} | **{h['cases_per_s']}** |"
        )
    lines += [
        "",
        f"(c) latency at {report['cases_in_database']:,} cases:",
        "",
        "| endpoint | as | requests | p50 ms | p99 ms | mean ms | SQL queries |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row, q in zip(report["latency"], report["queries"], strict=True):
        lines.append(
            f"| {row['endpoint']} `{row['path']}` | {row['user']} | {row['n']} | "
            f"**{row['p50_ms']}** | **{row['p99_ms']}** | {row['mean_ms']} | "
            f"{len(q['queries'])} |"
        )
    statuses = ", ".join(f"{k} {v:,}" for k, v in report["by_status"].items())
    lines += ["", f"Cases by status: {statuses}.", ""]
    for note in report.get("notes", []):
        lines.append(f"- {note}")
    lines += [
        "",
        "## SQL per endpoint (one request; ms: run again, all rows fetched, best of 3)",
        "",
    ]
    for q in report["queries"]:
        lines.append(f"### {q['endpoint']} as {q['user']}")
        lines.append("")
        for entry in q["queries"]:
            lines.append(f"- {entry['ms']} ms: `{entry['sql'][:400]}`")
            for plan_line in entry.get("plan", [])[:30]:
                lines.append(f"    - {plan_line}")
        lines.append("")
    return "\n".join(lines)


def write_report(report: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    vendor = "postgresql" if report["database"].startswith("PostgreSQL") else "sqlite"
    stem = f"{time.strftime('%Y%m%d-%H%M')}-{vendor}-{report['cases_in_database']}"
    text = markdown(report)
    (RESULTS / f"{stem}.md").write_text(text)
    (RESULTS / f"{stem}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str)
    )
    summary = text.split("## SQL per endpoint")[0]
    print(summary)
    log(f"written: bench/results/{stem}.md and .json")


if __name__ == "__main__":
    main()
