"""Tousu benchmark: a 10,000-row bulk import (issue 6 §5), by the command and by the workbench.

Not a test. Usage (from the repository root):

    .venv/bin/python bench/bench_import.py                       # 10,000 rows, SQLite
    .venv/bin/python bench/bench_import.py --rows 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tousu_bench_import \
        .venv/bin/python bench/bench_import.py                   # the same on PostgreSQL

The database is prepared as by bench_cases.py (DATABASE_URL, or SQLite under var/bench-import;
emptied first unless --reuse; a PostgreSQL database is dropped only if its name starts with
`tousu_bench`), then migrated and given the demo organisation (centre, clerk, categories).

The files are generated here, in a temporary directory removed afterwards (never data from
elsewhere): --rows cases as a clerk's workbook would hold them — Chinese headers, a name and a
mobile, a respondent, a category of the demo tree, a received time in the last 30 days — with
--bad-share (default 1%) of rows carrying a bad phone number. Phases, each timed:

  (a) reading: the .xlsx (openpyxl, read-only) and the same rows as a GBK .csv;
  (b) `tousu import --dry-run` of the .xlsx: reading and checking every row, nothing written;
  (c) `tousu import` of the .xlsx as the clerk: every good row registered, one transaction each
      (`intake.receiving.once` + `register`) — the figure of issue 6 §5;
  (d) the same file again: every row recognised as imported before, nothing registered;
  (e) the workbench's path for another file of --rows rows: upload (read, check, seal) and the
      background task's run (`importing.jobs.run`, with the per-row progress counts).

Results: a Markdown table on stdout and bench/results/<date>-import-<database>-<rows>.md/.json
(git-ignored).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cases import RESULTS, ROOT, log, machine, prepare_database

HEADERS = (
    "标题",
    "内容",
    "诉求类型",
    "分类编码",
    "投诉人姓名",
    "联系电话",
    "被投诉对象",
    "事发地址",
    "收到时间",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
PLACES = ("幸福小区", "东城花园", "滨江路", "人民路", "城南市场", "北站广场", "新华街", "学府路")
MATTERS = (
    ("电梯长期故障无人维修", "电梯停运两周，物业不予维修。"),
    ("夜间施工噪音扰民", "工地每晚施工到凌晨，影响休息。"),
    ("菜市场缺斤短两", "多家摊位秤不准，消费者吃亏。"),
    ("路灯损坏一个月未修", "夜间出行不便，存在安全隐患。"),
    ("餐馆油烟直排", "油烟直排居民楼，无净化设施。"),
    ("公交线路调整不合理", "调整后老人就医不便。"),
)
KINDS = ("投诉", "投诉", "投诉", "举报", "建议", "求助")
RESPONDENTS = ("幸福物业管理有限公司", "城建工程公司", "城南农贸市场", "", "")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=10_000, help="rows per file (default 10000)")
    p.add_argument("--bad-share", type=float, default=0.01, help="rows with a bad phone")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--reuse", action="store_true", help="keep the database and its cases")
    p.add_argument("--skip-workbench", action="store_true", help="skip phase (e)")
    return p.parse_args(argv)


def generate(count: int, seed: int, bad_share: float, categories: list[str]) -> list[list[str]]:
    rng = random.Random(seed)
    from django.utils import timezone

    now = timezone.localtime()
    rows = []
    for i in range(count):
        title, content = rng.choice(MATTERS)
        place = rng.choice(PLACES)
        phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        if rng.random() < bad_share:
            phone = f"{rng.randrange(10**5):05d}"
        received = now - timedelta(minutes=rng.randrange(30 * 24 * 60))
        rows.append(
            [
                f"{place}{title}",
                f"{place}{content}（第{seed}-{i}号来信）",
                rng.choice(KINDS),
                rng.choice(categories),
                rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
                phone,
                rng.choice(RESPONDENTS),
                f"{place}{rng.randrange(1, 30)}号",
                received.strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return rows


def xlsx_file(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("来信")
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("gbk")


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, round(time.perf_counter() - start, 2)


def main(argv: list[str] | None = None) -> None:
    ns = parse_args(argv)
    os.environ.setdefault("TOUSU_HOME", str(ROOT / "var" / "bench-import"))
    database = prepare_database(argparse.Namespace(reuse=ns.reuse))
    import logging

    import django

    django.setup()
    logging.getLogger("tousu").setLevel(logging.WARNING)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from tousu.cases.models import Case
    from tousu.categories.models import Category
    from tousu.demo.accounts import ensure_organisation
    from tousu.intake.importing import jobs
    from tousu.intake.importing.batch import import_file
    from tousu.intake.importing.models import ImportJob
    from tousu.intake.importing.reading import read_table

    log(f"database: {database}")
    call_command("migrate", verbosity=0)
    users = ensure_organisation()
    clerk = users["clerk"]
    settings.TOUSU_IMPORT_MAX_ROWS = max(settings.TOUSU_IMPORT_MAX_ROWS, ns.rows)
    categories = list(Category.objects.filter(is_active=True).values_list("code", flat=True))
    report: dict[str, Any] = {
        "date": timezone.localtime().isoformat(timespec="seconds"),
        "database": database,
        "machine": machine(),
        "rows": ns.rows,
        "cases_before": Case.objects.count(),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("show server_version")
            report["server"] = cursor.fetchone()[0]
    rows = generate(ns.rows, ns.seed, ns.bad_share, categories)
    with tempfile.TemporaryDirectory(prefix="tousu-bench-import-") as folder:
        xlsx, gbk = xlsx_file(rows), csv_file(rows)
        (Path(folder) / "cases.xlsx").write_bytes(xlsx)
        report["file_bytes"] = {"xlsx": len(xlsx), "csv_gbk": len(gbk)}
        phases: dict[str, Any] = {}

        log(f"(a) reading {ns.rows:,} rows")
        _t, phases["read_xlsx"] = timed(lambda: read_table(xlsx, "cases.xlsx", max_rows=ns.rows))
        _t, phases["read_csv_gbk"] = timed(lambda: read_table(gbk, "cases.csv", max_rows=ns.rows))

        log("(b) dry run")
        dry, phases["dry_run"] = timed(
            lambda: import_file(xlsx, "cases.xlsx", actor=clerk, dry_run=True)
        )
        log("(c) import")
        done, phases["import"] = timed(lambda: import_file(xlsx, "cases.xlsx", actor=clerk))
        log(f"    imported={done.imported} rejected={done.rejected} in {phases['import']} s")
        log("(d) the same file again")
        again, phases["again"] = timed(lambda: import_file(xlsx, "cases.xlsx", actor=clerk))
        if again.imported:
            sys.exit("the second run imported rows again: idempotency is broken")
        counts = {
            "dry_run": [dry.imported, dry.rejected],
            "import": [done.imported, done.rejected],
            "again": [again.imported, again.skipped, again.rejected],
        }
        if not ns.skip_workbench:
            log("(e) workbench: upload and the background task")
            other = xlsx_file(generate(ns.rows, ns.seed + 1, ns.bad_share, categories))
            centre = clerk.memberships.filter(unit__code="centre").first().unit
            job, phases["workbench_upload"] = timed(
                lambda: jobs.upload(
                    other, "other.xlsx", user=clerk, centre=centre, now=timezone.now()
                )
            )
            jobs.confirm(job, timezone.now())
            _r, phases["workbench_task"] = timed(lambda: jobs.run(job.pk, clock=timezone.now))
            job = ImportJob.objects.get(pk=job.pk)
            counts["workbench"] = [job.imported, job.rejected]
    report["seconds"] = phases
    report["counts"] = counts
    report["import_rows_per_second"] = round(done.imported / phases["import"], 1)
    report["cases_after"] = Case.objects.count()
    write_report(report)


def markdown(report: dict[str, Any]) -> str:
    m, s, c = report["machine"], report["seconds"], report["counts"]
    rows = report["rows"]
    lines = [
        f"# Tousu import benchmark — {rows:,} rows",
        "",
        f"{report['date']} · {report['database']} · {m.get('cpu', '?')}, {m.get('nproc')} CPUs, "
        f"{m.get('memory_gib')} GiB · Python {m.get('python')} · load {m.get('load_average')}",
        "",
        f"Files: .xlsx {report['file_bytes']['xlsx']:,} bytes, GBK .csv "
        f"{report['file_bytes']['csv_gbk']:,} bytes.",
        "",
        "| phase | seconds | rows/s | outcome |",
        "|---|---:|---:|---|",
        f"| (a) read the .xlsx | {s['read_xlsx']} | {rows / s['read_xlsx']:,.0f} | |",
        f"| (a) read the GBK .csv | {s['read_csv_gbk']} | {rows / s['read_csv_gbk']:,.0f} | |",
        f"| (b) `--dry-run` (read + check) | {s['dry_run']} | {rows / s['dry_run']:,.0f} | "
        f"imported={c['dry_run'][0]} rejected={c['dry_run'][1]} (would be) |",
        f"| (c) **import** | **{s['import']}** | **{rows / s['import']:,.0f}** | "
        f"imported={c['import'][0]} rejected={c['import'][1]} |",
        f"| (d) the same file again | {s['again']} | {rows / s['again']:,.0f} | "
        f"imported={c['again'][0]} skipped={c['again'][1]} rejected={c['again'][2]} |",
    ]
    if "workbench_upload" in s:
        lines += [
            f"| (e) workbench upload (read, check, seal) | {s['workbench_upload']} | "
            f"{rows / s['workbench_upload']:,.0f} | |",
            f"| (e) workbench background task | {s['workbench_task']} | "
            f"{rows / s['workbench_task']:,.0f} | imported={c['workbench'][0]} "
            f"rejected={c['workbench'][1]} |",
        ]
    lines += [
        "",
        f"Cases in the database: {report['cases_before']:,} before, "
        f"{report['cases_after']:,} after.",
    ]
    return "\n".join(lines) + "\n"


def write_report(report: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    vendor = "postgresql" if report["database"].startswith("PostgreSQL") else "sqlite"
    stem = f"{time.strftime('%Y%m%d-%H%M')}-import-{vendor}-{report['rows']}"
    text = markdown(report)
    (RESULTS / f"{stem}.md").write_text(text)
    (RESULTS / f"{stem}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(text)
    log(f"written: bench/results/{stem}.md and .json")


if __name__ == "__main__":
    main()
