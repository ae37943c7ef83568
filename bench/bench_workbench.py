"""Workbench benchmark: server time of the queue pages (50 rows) on the benchmark database.

Not a test. Usage (from the repository root), after bench/bench_cases.py has filled the database:

    .venv/bin/python bench/bench_workbench.py                 # SQLite under var/bench
    TOUSU_HOME=var/bench-probe .venv/bin/python bench/bench_workbench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tousu_bench \
        .venv/bin/python bench/bench_workbench.py

It uses the database bench_cases.py leaves behind (TOUSU_HOME, default var/bench, or
DATABASE_URL) and changes nothing in it but two sessions. For each page — the workbench home,
`/q/in_progress/` and `/q/overdue/` (each a full page: navigation, filters and 50 rows; the queue
counts only when the user's are cached — otherwise the page fetches them after loading), the
list alone as htmx swaps it in on sorting or paging (`HX-Target: case-list`), and the queue counts
alone (`/q-counts/`, counted, and from the cache) — as the clerk and as unit A's handler: --warmup
requests, then --requests timed ones through Django's test client, in-process (the whole request:
middleware, session, view, SQL, template; no network). p50/p99/mean, the process CPU time (p50;
in-process SQLite included: less sensitive to a busy machine than the wall-clock time), the SQL
share of the time, the number of queries and of rows. --profile adds the top functions of one
request of each (cProfile).

Results: a Markdown table on stdout and bench/results/<date>-workbench-<database>-<cases>.{md,json}.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET_MS = 100.0
# (label, url, htmx swap of the list?, the user's queue counts in the cache before each request?)
PAGES = (
    ("workbench home", "/", False, False),
    ("queue in progress", "/q/in_progress/", False, False),
    ("queue overdue", "/q/overdue/", False, False),
    ("queue in progress, counts cached", "/q/in_progress/", False, True),
    ("list only (htmx swap), in progress", "/q/in_progress/", True, False),
    ("list only (htmx swap), by number", "/q/in_progress/?sort=number&dir=desc", True, False),
    ("queue counts, counted (after load / poll)", "/q-counts/", False, False),
    ("queue counts, cached", "/q-counts/", False, True),
)
WHO = ("clerk", "unit_a_handler")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--requests", type=int, default=100, help="timed requests per page (100)")
    p.add_argument("--warmup", type=int, default=10, help="untimed requests first (10)")
    p.add_argument("--min-cases", type=int, default=100_000, help="refuse a smaller database")
    p.add_argument("--profile", action="store_true", help="cProfile one request of each")
    return p.parse_args(argv)


def setup_django() -> str:
    os.environ.setdefault("TOUSU_HOME", str(ROOT / "var" / "bench"))
    os.environ.setdefault("TOUSU_DEBUG", "0")  # DEBUG keeps every query in memory
    os.environ["DJANGO_SETTINGS_MODULE"] = "tousu.settings"
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} at {connection.settings_dict['NAME']}"
    return f"{connection.vendor} {connection.settings_dict['NAME']}"


class SqlClock:
    """Times every SQL statement run while it is installed (connection.execute_wrapper)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, ctx)
        finally:
            self.seconds += time.perf_counter() - start
            self.queries += 1


@contextmanager
def sql_clock() -> Iterator[SqlClock]:
    from django.db import connection

    clock = SqlClock()
    with connection.execute_wrapper(clock):
        yield clock


ROW = re.compile(r'href="/cases/(\d+)/"')


def set_counts_cache(user: Any, cached: bool) -> None:
    """Put the user's queue counts in the cache, or take them out (untimed)."""
    from django.utils import timezone

    from tousu.workbench import queues

    if cached:
        queues.cached_counts(user, timezone.now())
    else:
        queues.forget_counts(user)


def measure(
    client: Any, user: Any, url: str, htmx: bool, cached: bool, ns: argparse.Namespace
) -> dict[str, Any]:
    headers = {"HX-Request": "true", "HX-Target": "case-list"} if htmx else {}
    for _ in range(ns.warmup):
        set_counts_cache(user, cached)
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
    totals, cpus, sqls, queries = [], [], [], []
    for _ in range(ns.requests):
        set_counts_cache(user, cached)
        with sql_clock() as clock:
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(url, headers=headers)
            totals.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sqls.append(clock.seconds * 1000)
        queries.append(clock.queries)
    rows = len(set(ROW.findall(response.content.decode())))
    ordered = sorted(totals)
    return {
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
        "mean": statistics.fmean(ordered),
        "cpu_p50": statistics.median(cpus),
        "sql_p50": statistics.median(sqls),
        "queries": max(queries),
        "rows": rows,
        "bytes": len(response.content),
    }


def slowest_sql(client: Any, url: str, htmx: bool) -> list[tuple[float, str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = {"HX-Request": "true", "HX-Target": "case-list"} if htmx else {}
    with CaptureQueriesContext(connection) as captured:
        client.get(url, headers=headers)
    timed = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    return sorted(timed, reverse=True)[:3]


def profile(client: Any, url: str, htmx: bool) -> str:
    headers = {"HX-Request": "true", "HX-Target": "case-list"} if htmx else {}
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url, headers=headers)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ns = parse_args(argv)
    database = setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from tousu.cases.models import Case

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_cases import machine

    cases = Case.objects.count()
    log(f"{database}: {cases:,} cases")
    if cases < ns.min_cases:
        sys.exit(
            f"only {cases:,} cases (fewer than --min-cases {ns.min_cases:,}): fill the database "
            "first with `.venv/bin/python bench/bench_cases.py` (same TOUSU_HOME/DATABASE_URL)"
        )
    User = get_user_model()
    load_before = [round(x, 2) for x in os.getloadavg()]
    results: list[dict[str, Any]] = []
    details: list[str] = []
    for username in WHO:
        client = Client()
        user = User.objects.get(username=username)
        client.force_login(user)
        for label, url, htmx, cached in PAGES:
            log(f"{label} as {username}")
            figures = measure(client, user, url, htmx, cached, ns)
            results.append({"page": label, "url": url, "as": username, **figures})
            lines = [f"### {label} as {username}", ""]
            set_counts_cache(user, cached)
            for ms, sql in slowest_sql(client, url, htmx):
                lines.append(f"- {ms:.1f} ms: `{sql[:300]}`")
            if ns.profile:
                set_counts_cache(user, cached)
                lines += ["", "```", profile(client, url, htmx).strip(), "```"]
            details.append("\n".join(lines))
    report = {
        "date": timezone.localtime().isoformat(timespec="seconds"),
        "database": database,
        "vendor": connection.vendor,
        "cases": cases,
        "machine": machine(),
        "load_average": [load_before, [round(x, 2) for x in os.getloadavg()]],
        "requests": ns.requests,
        "warmup": ns.warmup,
        "target_ms": TARGET_MS,
        "results": results,
    }
    md = render(report, details)
    print(md)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{time.strftime('%Y%m%d-%H%M')}-workbench-{connection.vendor}-{cases}"
    (RESULTS / f"{stem}.md").write_text(md + "\n", encoding="utf-8")
    (RESULTS / f"{stem}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    log(f"written bench/results/{stem}.md and .json")
    return 0


def render(report: dict[str, Any], details: list[str]) -> str:
    m = report["machine"]
    lines = [
        f"# Tousu workbench benchmark — {report['cases']:,} cases",
        "",
        f"{report['date']} · {report['database']} · {m.get('cpu', '?')}, {m.get('nproc')} CPUs · "
        f"load average {report['load_average'][0]} at the start, {report['load_average'][1]} "
        f"at the end · {report['warmup']} warm-up + {report['requests']} timed requests each, "
        "in-process (Django test client)",
        "",
        "| page | as | rows | p50 ms | p99 ms | mean ms | CPU p50 ms | SQL p50 ms | queries | "
        f"p50 < {report['target_ms']:.0f} ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in report["results"]:
        ok = "yes" if r["p50"] < report["target_ms"] else "**no**"
        lines.append(
            f"| {r['page']} `{r['url']}` | {r['as']} | {r['rows']} | **{r['p50']:.1f}** | "
            f"{r['p99']:.1f} | {r['mean']:.1f} | {r['cpu_p50']:.1f} | {r['sql_p50']:.1f} | "
            f"{r['queries']} | {ok} |"
        )
    lines += ["", "## The slowest statements of one request of each", "", *details]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
