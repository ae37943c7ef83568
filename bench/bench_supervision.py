"""Tousu benchmark: the supervision pass over many open cases, and notification delivery.

Not a test. Usage (from the repository root):

    .venv/bin/python bench/bench_supervision.py                       # 100,000 cases, SQLite
    .venv/bin/python bench/bench_supervision.py --cases 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tousu_bench_supervision \
        .venv/bin/python bench/bench_supervision.py                   # the same on PostgreSQL

The database is prepared as by bench_cases.py (DATABASE_URL, or SQLite under var/bench; emptied
first unless --reuse; a PostgreSQL database is dropped only if its name starts with
`tousu_bench`).

(a) Fill: the demo organisation, then --cases open cases written with bulk_create in batches
    (no events: the pass reads the stored deadline columns only). Their deadlines are realistic
    for a pass at `now`: --warn-share (default 2%) in their warning window, --overdue-share
    (default 1%) overdue by 0 to 5 working days, the rest due 3 to 15 working days from now.
    Statuses: registered 10%, accepted 10%, dispatched 15%, handling 65% (at the handling units).
(b) The supervision pass `tousu.supervision.passes.supervise(now)`, timed: the first pass (warns
    every case in the window, reminds every overdue one, escalates those 2+ days overdue), then
    a second pass at the same `now`, which must add nothing (the scans alone). The SELECTs of the
    second pass and their plans (EXPLAIN ANALYZE on PostgreSQL) go to the results file.
(c) Delivery: --notifications (default 5,000) outbox rows, SMS to the log backend, delivered by
    `tousu.notify.delivery.deliver_due(now)` called in a loop as one worker does.

Results: a Markdown table on stdout and bench/results/<date>-supervision-<database>-<cases>.md
and .json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cases import RESULTS, log, machine, prepare_database

BATCH = 5_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--cases", type=int, default=100_000, help="open cases (default 100000)")
    p.add_argument("--warn-share", type=float, default=0.02, help="in the warning window")
    p.add_argument("--overdue-share", type=float, default=0.01, help="overdue")
    p.add_argument("--notifications", type=int, default=5_000, help="outbox rows for (c)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--reuse", action="store_true", help="keep the database and its cases")
    p.add_argument(
        "--undo-passes",
        action="store_true",
        help="with --reuse: first delete what earlier passes wrote (steps, escalations, events)",
    )
    p.add_argument(
        "--profile", action="store_true", help="cProfile the first pass (top functions to stderr)"
    )
    return p.parse_args(argv)


# --- (a) fill -------------------------------------------------------------------------------------


class Deadlines:
    """The few distinct deadlines the cases use, computed once with the centre's calendar."""

    def __init__(self, now: datetime) -> None:
        from tousu.calendar import services as calendar
        from tousu.cases.deadlines import end_of_day

        cal = calendar.get_calendar()
        zone = calendar.time_zone()
        today = calendar.local_date(now)

        def day_after(n: int) -> Any:
            return cal.add_workdays(today, n).day if n else today

        def warn_from(due_day: Any) -> datetime:
            start = cal.workdays_before(due_day, 2)
            return datetime.combine(start, datetime.min.time(), tzinfo=zone)

        self.future = [(end_of_day(d), warn_from(d)) for d in map(day_after, range(3, 16))]
        self.warning = [(end_of_day(d), warn_from(d)) for d in map(day_after, (0, 1, 2))]
        # Overdue by 0..5 whole working days: due at the end of 1..6 working days ago.
        past = [cal.workdays_before(today, n) for n in range(1, 7)]
        self.overdue = [(end_of_day(d), warn_from(d)) for d in past]


def fill(count: int, now: datetime, ns: argparse.Namespace) -> dict[str, Any]:
    from django.db import transaction
    from django.db.models import Max

    from tousu.cases.models import Case, Status
    from tousu.orgs.models import Unit, UnitKind

    rng = random.Random(ns.seed)
    centre = Unit.objects.get(code="centre")
    units = list(Unit.objects.exclude(kind__in=[UnitKind.CENTRE, UnitKind.SUBCENTRE, "station"]))
    deadlines = Deadlines(now)
    first = (Case.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    statuses = [
        (Status.REGISTERED, 0.10),
        (Status.ACCEPTED, 0.10),
        (Status.DISPATCHED, 0.15),
        (Status.HANDLING, 0.65),
    ]
    buckets = {"future": 0, "warning": 0, "overdue": 0}
    start = time.perf_counter()
    rows: list[Any] = []
    for i in range(first, first + count):
        roll = rng.random()
        if roll < ns.overdue_share:
            bucket = "overdue"
        elif roll < ns.overdue_share + ns.warn_share:
            bucket = "warning"
        else:
            bucket = "future"
        buckets[bucket] += 1
        due, warn_at = rng.choice(getattr(deadlines, bucket))
        status = rng.choices([s for s, _w in statuses], [w for _s, w in statuses])[0]
        held = status in {Status.DISPATCHED, Status.HANDLING}
        received = now - timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 600))
        rows.append(
            Case(
                id=i,
                number=f"BS{i:010d}",
                tracking_code=f"S{i:011d}",
                kind="complaint",
                channel=rng.choice(["phone", "web", "wechat", "visit"]),
                status=status,
                title="小区电梯长期故障无人维修",
                content="幸福小区3号楼电梯停运两周,物业不予维修。",
                centre=centre,
                unit=rng.choice(units) if held else None,
                received_at=received,
                registered_at=received,
                accepted_at=None if status == Status.REGISTERED else received,
                accept_due=due if status == Status.REGISTERED else received + timedelta(days=1),
                # Consistent with `current_due_for`: the verbs recompute it from these.
                handle_due=(
                    None
                    if status == Status.REGISTERED
                    else due + timedelta(days=14)
                    if held
                    else due
                ),
                unit_due=due if held else None,
                current_due=due,
                warn_at=warn_at,
            )
        )
        if len(rows) >= BATCH:
            with transaction.atomic():
                Case.objects.bulk_create(rows)
            rows = []
            done = i - first + 1
            if done % 100_000 == 0:
                log(f"fill: {done:,} cases ({done / (time.perf_counter() - start):,.0f}/s)")
    if rows:
        with transaction.atomic():
            Case.objects.bulk_create(rows)
    _after_bulk_load()
    elapsed = time.perf_counter() - start
    return {
        "cases": count,
        "seconds": round(elapsed, 1),
        "cases_per_s": round(count / elapsed),
        "buckets": buckets,
    }


def _after_bulk_load() -> None:
    from django.db import connection

    from tousu.lib.dbstats import refresh_statistics

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), "
                "(SELECT max(id) FROM cases_case))"
            )
            cursor.execute("VACUUM ANALYZE cases_case")  # as autovacuum would after the load
    else:
        refresh_statistics()


# --- (b) the pass ---------------------------------------------------------------------------------


def undo_passes() -> None:
    """Forget every earlier pass (with --reuse), so that the next one acts again on the same
    cases. Raw SQL: the event log refuses deletion through the ORM, as it should everywhere
    but here."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM supervision_supervisionstep")
        cursor.execute("DELETE FROM cases_escalation")
        cursor.execute(
            "DELETE FROM cases_caseevent WHERE verb IN ('warn', 'remind', 'escalate') "
            "AND actor_id = (SELECT id FROM auth_user WHERE username = 'system')"
        )
    if connection.vendor == "postgresql":  # the dead rows out of the indexes, as autovacuum would
        with connection.cursor() as cursor:
            for table in ("supervision_supervisionstep", "cases_escalation", "cases_caseevent"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    _analyze_after_pass()


def _analyze_after_pass() -> None:
    """Fresh planner statistics for the tables the first pass filled, as autovacuum gives them
    within a minute: without them PostgreSQL plans the second pass's anti-joins as if the step
    table were still empty (a nested loop over a materialised scan instead of its unique index)."""
    from django.db import connection

    from tousu.lib.dbstats import refresh_statistics

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE supervision_supervisionstep, cases_escalation, cases_case")
    else:
        refresh_statistics()


def profiled[T](run: Callable[[], T]) -> T:
    import cProfile
    import pstats

    profile = cProfile.Profile()
    result = profile.runcall(run)
    pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    return result


def timed_pass(now: datetime) -> tuple[dict[str, Any], list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tousu.supervision.passes import supervise

    executed = 0

    slowest: list[tuple[float, str]] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal executed
        executed += 1
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            slowest.append((time.perf_counter() - start, sql[:160]))

    # CaptureQueriesContext keeps the last 9,000 statements only: count them separately, and
    # empty the log first (once full, a later capture would see nothing).
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(count):
        start = time.perf_counter()
        summary = supervise(now)
        elapsed = time.perf_counter() - start
    result = {
        "seconds": round(elapsed, 2),
        "summary": str(summary),
        "acted": summary.acted,
        "queries": executed,
        "ms_per_action": round(elapsed * 1000 / summary.acted, 2) if summary.acted else None,
        "sql_seconds": round(sum(t for t, _ in slowest), 2),
        "slowest": [(round(t, 3), sql) for t, sql in sorted(slowest, reverse=True)[:8]],
    }
    return result, [q["sql"] for q in ctx.captured_queries]


def plans(statements: list[str]) -> list[dict[str, Any]]:
    from django.db import connection

    out = []
    for sql in statements:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [r[0] for r in cursor.fetchall()]
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = [r[-1] for r in cursor.fetchall()]
        out.append({"sql": sql, "plan": plan})
    return out


# --- (c) delivery ---------------------------------------------------------------------------------


def delivery(count: int, now: datetime) -> dict[str, Any]:
    from django.conf import settings
    from django.db import transaction

    from tousu.notify.delivery import deliver_due
    from tousu.notify.models import Outbox, SentMessage

    if settings.TOUSU_SMS_BACKEND != "log":
        sys.exit("(c) needs TOUSU_SMS_BACKEND=log")
    rows = [
        Outbox(
            dedupe_key=f"bench:{now.timestamp()}:{i}",
            channel="sms",
            kind="accepted",
            address=f"138{i:08d}",
            template="accepted",
            context={"number": f"BS{i:010d}"},
            next_attempt_at=now,
            created_at=now,
        )
        for i in range(count)
    ]
    with transaction.atomic():
        Outbox.objects.bulk_create(rows, batch_size=1000)
    before = SentMessage.objects.count()
    start = time.perf_counter()
    sent = calls = 0
    while True:
        n = deliver_due(now)
        calls += 1
        if not n:
            break
        sent += n
    elapsed = time.perf_counter() - start
    return {
        "messages": count,
        "sent": sent,
        "logged": SentMessage.objects.count() - before,
        "calls": calls,
        "seconds": round(elapsed, 2),
        "per_s": round(sent / elapsed, 1),
    }


# --- the run --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    ns = parse_args(argv)
    database = prepare_database(argparse.Namespace(reuse=ns.reuse))
    import logging

    import django

    django.setup()
    logging.getLogger("tousu.notify").setLevel(logging.WARNING)  # one line per SMS otherwise
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from tousu.cases.models import Case
    from tousu.demo.accounts import ensure_organisation

    log(f"database: {database}")
    call_command("migrate", verbosity=0)
    ensure_organisation()
    now = timezone.now().replace(microsecond=0)
    report: dict[str, Any] = {
        "date": timezone.localtime().isoformat(timespec="seconds"),
        "database": database,
        "machine": machine(),
        "now": now.isoformat(),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("show server_version")
            report["server"] = cursor.fetchone()[0]
    to_create = max(ns.cases - Case.objects.count(), 0)
    if to_create:
        log(f"(a) fill: {to_create:,} open cases")
        report["fill"] = fill(to_create, now, ns)
        log(f"    {report['fill']}")
    report["cases_in_database"] = Case.objects.count()
    if ns.undo_passes:
        log("undoing earlier passes")
        undo_passes()
    log("(b) supervision pass, first")
    if ns.profile:
        report["first_pass"], _sql = profiled(lambda: timed_pass(now))
    else:
        report["first_pass"], _sql = timed_pass(now)
    log(f"    {report['first_pass']}")
    _analyze_after_pass()
    log("(b) supervision pass, second (must add nothing)")
    report["second_pass"], sql = timed_pass(now)
    log(f"    {report['second_pass']}")
    if report["second_pass"]["acted"]:
        sys.exit("the second pass acted again: the guards are broken")
    report["second_pass_plans"] = plans(sql)
    if ns.notifications:
        log(f"(c) delivery of {ns.notifications:,} SMS to the log backend")
        report["delivery"] = delivery(ns.notifications, now)
        log(f"    {report['delivery']}")
    write_report(report)


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    first, second = report["first_pass"], report["second_pass"]
    lines = [
        f"# Tousu supervision benchmark — {report['cases_in_database']:,} open cases",
        "",
        f"{report['date']} · {report['database']} · {m.get('cpu', '?')}, {m.get('nproc')} CPUs, "
        f"{m.get('memory_gib')} GiB · Python {m.get('python')} · load {m.get('load_average')}",
        "",
        "| step | seconds | what | SQL statements |",
        "|---|---:|---|---:|",
    ]
    if "fill" in report:
        f = report["fill"]
        lines.append(
            f"| fill (bulk insert) | {f['seconds']} | {f['cases']:,} cases "
            f"({f['cases_per_s']:,}/s), {f['buckets']} | – |"
        )
    lines.append(
        f"| first pass | **{first['seconds']}** | {first['summary']} | {first['queries']:,} |"
    )
    lines.append(
        f"| second pass | **{second['seconds']}** | {second['summary']} | {second['queries']:,} |"
    )
    if "delivery" in report:
        d = report["delivery"]
        lines.append(
            f"| delivery, SMS to the log backend | {d['seconds']} | {d['sent']:,} sent "
            f"(**{d['per_s']}/s**), {d['calls']} calls of deliver_due | – |"
        )
    lines += ["", "## The second pass's SELECTs and their plans", ""]
    for entry in report["second_pass_plans"]:
        lines.append(f"- `{entry['sql'][:500]}`")
        lines += [f"    - {p}" for p in entry["plan"][:25]]
    return "\n".join(lines)


def write_report(report: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    vendor = "postgresql" if report["database"].startswith("PostgreSQL") else "sqlite"
    stem = f"{time.strftime('%Y%m%d-%H%M')}-supervision-{vendor}-{report['cases_in_database']}"
    text = markdown(report)
    (RESULTS / f"{stem}.md").write_text(text)
    (RESULTS / f"{stem}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str)
    )
    print(text.split("## The second pass")[0])
    log(f"written: bench/results/{stem}.md and .json")


if __name__ == "__main__":
    main()
