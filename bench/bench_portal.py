"""Tousu benchmark: citizen portal submissions per second, end to end, and tracks per second.

Not a test. Usage (from the repository root):

    .venv/bin/python bench/bench_portal.py                       # 500 submissions, SQLite
    .venv/bin/python bench/bench_portal.py --submissions 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tousu_bench_portal \\
        .venv/bin/python bench/bench_portal.py                   # the same on PostgreSQL

The database is prepared as by bench_cases.py (DATABASE_URL, or SQLite under var/bench-portal;
emptied first unless --reuse; a PostgreSQL database is dropped only if its name starts with
`tousu_bench`), with the demo organisation and its category tree. The human challenge is off and
the rate limits too (the challenge is the citizen's browser's work, a limit would stop the run).

(a) Submissions: what a citizen's browser does, through Django's test client in-process (the
    whole request: middleware, session, CSRF, form, registration, attachment sealing, template;
    no network): GET /portal/new/, POST /portal/new/ (every --photo-every-th with a 50 KB PNG),
    GET /portal/receipt/. Submissions per second, and the POST alone: p50/p99.
(b) Tracks: POST /portal/track/ with a tracking code and its password, GET the case page, for
    --tracks of the cases just registered. Tracks per second, p50/p99.

Results: a Markdown table on stdout and bench/results/<date>-portal-<database>-<n>.md/.json
(git-ignored).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cases import RESULTS, log, machine, prepare_database

ROOT = Path(__file__).resolve().parent.parent
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50 * 1024


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--submissions", type=int, default=500, help="cases to submit (default 500)")
    p.add_argument("--tracks", type=int, default=200, help="tracks of them (default 200)")
    p.add_argument("--photo-every", type=int, default=5, help="every n-th has a photo (5)")
    p.add_argument("--reuse", action="store_true", help="keep the database as it is")
    return p.parse_args(argv)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def form(i: int, category: str, photo: bool) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data: dict[str, Any] = {
        "kind": "complaint",
        "category": category,
        "title": f"路灯不亮 {i}",
        "content": "小区东门的路灯坏了一个月，晚上很黑，请尽快修好。" * 3,
        "address": "东城区幸福小区东门",
        "name": "李四",
        "phone": f"139{i:08d}",
        "consent": "on",
    }
    if photo:
        data["attachments"] = [SimpleUploadedFile(f"photo{i}.png", PNG, "image/png")]
    return data


def submit_all(
    ns: argparse.Namespace, category: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    from django.test import Client

    receipts: list[tuple[str, str]] = []
    posts: list[float] = []
    start = time.perf_counter()
    for i in range(ns.submissions):
        client = Client()
        assert client.get("/portal/new/").status_code == 200
        data = form(i, category, photo=ns.photo_every > 0 and i % ns.photo_every == 0)
        t0 = time.perf_counter()
        answer = client.post("/portal/new/", data)
        posts.append((time.perf_counter() - t0) * 1000)
        assert answer.status_code == 302, answer.content.decode()[:500]
        page = client.get("/portal/receipt/").content.decode()
        code = page.split('data-receipt="tracking_code">', 1)[1].split("<", 1)[0]
        password = page.split('data-receipt="password">', 1)[1].split("<", 1)[0]
        receipts.append((code, password))
    seconds = time.perf_counter() - start
    return {
        "submissions": ns.submissions,
        "with_photo": sum(
            1 for i in range(ns.submissions) if ns.photo_every and i % ns.photo_every == 0
        ),
        "seconds": round(seconds, 2),
        "per_second": round(ns.submissions / seconds, 1),
        "post_p50_ms": round(statistics.median(posts), 1),
        "post_p99_ms": round(percentile(posts, 0.99), 1),
    }, receipts


def track_some(ns: argparse.Namespace, receipts: list[tuple[str, str]]) -> dict[str, Any]:
    from django.test import Client

    chosen = random.Random(7).sample(receipts, min(ns.tracks, len(receipts)))
    times: list[float] = []
    start = time.perf_counter()
    for code, password in chosen:
        client = Client()
        t0 = time.perf_counter()
        answer = client.post("/portal/track/", {"code": code, "password": password})
        assert answer.status_code == 302, answer.status_code
        assert client.get("/portal/track/case/").status_code == 200
        times.append((time.perf_counter() - t0) * 1000)
    seconds = time.perf_counter() - start
    return {
        "tracks": len(chosen),
        "seconds": round(seconds, 2),
        "per_second": round(len(chosen) / seconds, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
    }


def main(argv: list[str] | None = None) -> int:
    ns = parse_args(argv)
    os.environ.setdefault("TOUSU_HOME", str(ROOT / "var" / "bench-portal"))
    os.environ["TOUSU_PORTAL_CHALLENGE"] = "0"
    database = prepare_database(ns)
    import django

    django.setup()
    logging.getLogger("tousu").setLevel(logging.WARNING)  # a line per submission otherwise
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from tousu.categories.models import Category
    from tousu.demo.accounts import ensure_organisation

    settings.RATELIMIT_ENABLE = False
    settings.ALLOWED_HOSTS = ["*"]
    log(f"database: {database}")
    call_command("migrate", verbosity=0)
    ensure_organisation()
    leaf = Category.objects.filter(is_active=True, children__isnull=True).order_by("pk").first()
    report: dict[str, Any] = {
        "date": timezone.localtime().isoformat(timespec="seconds"),
        "database": database,
        "machine": machine(),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("show server_version")
            report["server"] = cursor.fetchone()[0]
    log(f"(a) {ns.submissions} submissions")
    report["submit"], receipts = submit_all(ns, leaf.code if leaf else "")
    log(f"    {report['submit']}")
    log(f"(b) {ns.tracks} tracks")
    report["track"] = track_some(ns, receipts)
    log(f"    {report['track']}")
    md = render(report)
    print(md)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{time.strftime('%Y%m%d-%H%M')}-portal-{connection.vendor}-{ns.submissions}"
    (RESULTS / f"{stem}.md").write_text(md + "\n", encoding="utf-8")
    (RESULTS / f"{stem}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    log(f"written bench/results/{stem}.md and .json")
    return 0


def render(report: dict[str, Any]) -> str:
    m, s, t = report["machine"], report["submit"], report["track"]
    return "\n".join(
        [
            f"# Tousu portal benchmark — {s['submissions']} submissions",
            "",
            f"{report['date']} · {report['database']} · {m.get('cpu', '?')}, {m.get('nproc')} "
            "CPUs · in-process (Django test client), challenge and rate limits off",
            "",
            "| what | count | seconds | per second | p50 ms | p99 ms |",
            "|---|---:|---:|---:|---:|---:|",
            f"| submission (form, POST, receipt; {s['with_photo']} with a 50 KB photo) "
            f"| {s['submissions']} | {s['seconds']} | {s['per_second']} | {s['post_p50_ms']} "
            f"(POST) | {s['post_p99_ms']} (POST) |",
            f"| track (POST code and password, case page) | {t['tracks']} | {t['seconds']} "
            f"| {t['per_second']} | {t['p50_ms']} | {t['p99_ms']} |",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
