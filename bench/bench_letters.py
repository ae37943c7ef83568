"""How long a letter takes to render (issue target: a PDF of a letter ≤ 1 s).

Migrates a throwaway SQLite database (or uses `DATABASE_URL`), registers and transfers one case,
then renders each of its letters N times as PDF and as Word, in one process as the web server
does (WeasyPrint's import and first layout paid once, reported apart). Prints the first render
and the median / p90 / max of the rest.

    .venv/bin/python bench/bench_letters.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    ns = parser.parse_args()
    os.environ.setdefault("TOUSU_HOME", tempfile.mkdtemp(prefix="tousu-bench-letters-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
    os.environ["TOUSU_DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone, translation

    call_command("migrate", verbosity=0)
    from tests.conftest import new_case  # the test stories' usual case
    from tousu.cases import workflow as wf
    from tousu.cases.registration import register
    from tousu.demo.accounts import ensure_organisation
    from tousu.documents import service

    users = ensure_organisation()
    now = timezone.now()
    case = register(new_case(category="other"), actor=users["clerk"], now=now)
    wf.accept(case, actor=users["clerk"], now=now)
    wf.dispatch(case, actor=users["clerk"], now=now, unit="housing")
    print(f"{'letter':<14} {'format':<6} {'first':>8} {'median':>8} {'p90':>8} {'max':>8}")
    with translation.override("zh-hans"):
        for name in ("registration", "transfer"):
            for fmt in ("pdf", "docx"):
                times = []
                for _ in range(ns.runs + 1):
                    start = time.perf_counter()
                    service.produce(users["clerk"], case, name, fmt, now=now)
                    times.append(time.perf_counter() - start)
                first, rest = times[0], sorted(times[1:])
                p90 = rest[int(0.9 * (len(rest) - 1))]
                print(
                    f"{name:<14} {fmt:<6} {first:>7.3f}s {statistics.median(rest):>7.3f}s "
                    f"{p90:>7.3f}s {rest[-1]:>7.3f}s"
                )


if __name__ == "__main__":
    main()
