"""Tousu benchmark: the statistics (month report, units table, drill-down) on millions of cases.

Not a test. PostgreSQL only. Usage (from the repository root):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/tousu_bench_stats_1m
    .venv/bin/python bench/bench_stats.py --cases 1000000             # generate, rebuild, time
    .venv/bin/python bench/bench_stats.py --cases 1000000 --reuse --skip-generate   # time again
    DATABASE_URL=…/tousu_bench_stats_10m \\
        .venv/bin/python bench/bench_stats.py --cases 10000000 --derive parallel

The database is prepared as by bench_cases.py (emptied first unless --reuse; a PostgreSQL database
is dropped only if its name starts with `tousu_bench`).

(a) Generate: the demo organisation plus handling units up to --units (default 50) and a
    category tree of about 150 in two levels; then --cases cases received over the 24 months
    before now (weekdays busier than weekends, daytime hours), each with the event history the
    workflow writes — register, accept or reject/refer, dispatch (sign-off + approve for
    important/major cases, 5% self-handled), sign, returns and redispatches, extension requests
    and decisions, submit_result with the data keys the workflow writes (`unit`, `on_time`,
    `unit_due`, `justified`, `valid`, `result`), reviews (some refused → rework), reply,
    callbacks (satisfied / basically / dissatisfied → rework or the leader's decision /
    unreachable up to 3 attempts), archive. A story stops where it reaches `now`, so recent cases
    are open in every status; 1.5% of cases are "stuck" at their unit for weeks (overdue). The
    case columns are the ones the verbs leave (status, unit, deadlines, verdicts, counters), and
    so are the transfers (`cases_assignment`) and extension requests. One complainant per case
    (none for 4% anonymous ones) with a blind-index-like `phone_index`: 70% of phones are used
    once, the rest come from a pool that repeats (and 200 frequent callers).
    Written with COPY from Python by a writer thread (no ORM per row), events in time order (ids
    grow with time, as in production), secondary indexes dropped during the load and built
    again after it, FK triggers off during the load (`session_replication_role = replica`).
(b) Derived tables: `--derive rebuild` (default) times `stats.rollup.rebuild(now)`, the real code
    path. `--derive parallel` fills them faster: --workers processes each take a share of the
    case ids and compute `marks.marks_for` + `rollup._fold` (the functions `refresh` uses) and
    COPY the CaseMark/UnitFact rows; then the rollup is one INSERT … SELECT … GROUP BY over
    them. For an empty start that is exactly what rebuild writes (every count is +1 of a mark or
    a fact under the mark's dimensions: `rollup._count`); `--check-derive` proves it on the
    database at hand by comparing both results row by row (EXCEPT, both ways).
    `--derive none` keeps what is there (only catches up with new events, untimed).
    `--replicate K` (on a fresh or a --reuse database) copies the cases K-1 times in SQL with
    every derived row (see `replicate`); `--essential-indexes` then builds only the indexes
    the statistics use, for a disk without room for all (10,000,000 cases: 52 GB, ≈ 62 GB with
    every index).
(c) Timing (warm: the first call, then the median of --runs): `query.summary` (the month report,
    with the month before and a year before), `query.unit_figures` + `assessment.scoring.ranked`
    (the units table), the drill-down first page through the API view (Django test client with
    an analyst's bearer token: catch-up, count, the page of 50, `case_out`), with filters (a
    category branch, a channel). Also through the API: the report and the units table.
(d) Incremental: --catch-up-events (default 20,000) new events appended (half of them new
    cases registered, half accept/sign on open cases), then `rollup.catch_up` timed.
The PDF of a letter is timed elsewhere: see `pdf_timings` (a hook, returns nothing here).

Results: a Markdown table on stdout and bench/results/<date>-stats-<cases>.{md,json}.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import queue
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stats_proposals
from bench_cases import RESULTS, log, machine, prepare_database

DAY = 86400
LOCAL = 8 * 3600  # Asia/Shanghai, the settings' default zone (no summer time)
HOUR = 3600
FLUSH_LINES = 40_000
BIG_TABLES = (
    "cases_case",
    "cases_caseevent",
    "cases_complainant",
    "cases_assignment",
    "cases_extensionrequest",
)
STATS_TABLES = ("stats_casemark", "stats_unitfact", "stats_tally")
DISK_RESERVE = 8 * 10**9  # what --replicate leaves free on the disk, at least
# The secondary indexes the statistics' reads and writes use (--essential-indexes).
ESSENTIAL_INDEXES = frozenset(
    {
        "case_received_at",
        "case_status_due",
        "case_unit_status_due",
        "cases_caseevent_case_id_6c6031ac",
        "cases_complainant_phone_index_fff9b6ef",
        "assignment_unit_case",
        "cases_assignment_case_id_b0be0e7a",
        "stats_mark_day",
        "stats_fact_case",
        "stats_fact_unit_figure_day",
    }
)
TARGETS_MS = {"report": 1000.0, "units": 1000.0, "drill": 100.0}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--cases", type=int, default=1_000_000, help="cases (default 1000000)")
    p.add_argument("--units", type=int, default=50, help="handling units (default 50)")
    p.add_argument("--months", type=int, default=24, help="months of history (default 24)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--reuse", action="store_true", help="keep the database and its cases")
    p.add_argument("--skip-generate", action="store_true", help="with --reuse: no new cases")
    p.add_argument(
        "--derive",
        choices=("generate", "rebuild", "parallel", "none"),
        default="generate",
        help="how to fill the statistics tables (default: by the generator, as it writes)",
    )
    p.add_argument(
        "--rebuild-slice",
        type=int,
        default=20_000,
        help="time rebuild's loop on this many cases (rolled back; 0: skip)",
    )
    p.add_argument(
        "--propose",
        action="store_true",
        help="with --rebuild-slice: time it again with the proposed rollup writes",
    )
    p.add_argument(
        "--check-sample",
        type=int,
        default=4000,
        help="cases whose derived rows are recounted with the real functions (0: skip)",
    )
    p.add_argument("--workers", type=int, default=2, help="processes for --derive parallel")
    p.add_argument(
        "--essential-indexes",
        action="store_true",
        help="with --replicate on a --reuse database: build again only the indexes the "
        "statistics read (ESSENTIAL_INDEXES), for a disk without room for all",
    )
    p.add_argument(
        "--replicate",
        type=int,
        default=1,
        help="generate --cases/K cases, then copy them K-1 times in SQL (see replicate())",
    )
    p.add_argument(
        "--check-derive",
        action="store_true",
        help="after --derive rebuild: also run the parallel route and compare the tables",
    )
    p.add_argument("--month", help="the month of the report, YYYY-MM (default: the last full one)")
    p.add_argument("--runs", type=int, default=5, help="timed runs after the first (default 5)")
    p.add_argument(
        "--catch-up-events", type=int, default=20_000, help="events appended for (d); 0: skip"
    )
    p.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every slowest SQL")
    p.add_argument("--pdf", action="store_true", help="time the PDF of a letter (hook)")
    p.add_argument(
        "--proposals",
        action="store_true",
        help="time again with the changes of bench/stats_proposals.py (index created by hand)",
    )
    p.add_argument(
        "--keep-proposed-index", action="store_true", help="do not drop the proposed index after"
    )
    p.add_argument(
        "--partial-proposed-index",
        action="store_true",
        help="build the proposed index only over the days the timings read (a disk too small "
        "for all of it; the queries of those days use it as they would the whole index)",
    )
    return p.parse_args(argv)


# --- (a) generation ------------------------------------------------------------------------------


KINDS = (
    ("complaint", 45),
    ("report", 8),
    ("consultation", 20),
    ("suggestion", 7),
    ("help", 18),
    ("praise", 2),
)
CHANNELS = (
    ("phone", 55),
    ("wechat", 14),
    ("web", 12),
    ("platform", 6),
    ("visit", 5),
    ("sms", 3),
    ("letter", 2),
    ("email", 2),
    ("open311", 0.5),
    ("api", 0.5),
)
SEVERITIES = (("general", 90), ("important", 8), ("major", 2))
RESULTS_TEXT = (
    "经核实,诉求人反映情况属实,已责令相关单位限期整改,现已整改完毕。",
    "经现场核查,反映问题部分属实,已协调物业公司处理,并向诉求人解释相关政策。",
    "经调查,反映情况不属实,已向诉求人说明情况。",
    "已联系诉求人,问题已解决,诉求人表示认可。",
)
REPLY_TEXT = "您反映的问题已转相关单位办理,办理结果如下:问题已处理完毕。感谢您的监督。"
TITLES = (
    "小区电梯长期故障无人维修",
    "夜间施工噪声扰民",
    "商家预付卡无法退费",
    "拖欠农民工工资",
    "道路破损影响通行",
    "公交车长时间不到站",
    "自来水水质浑浊",
    "小区物业乱收费",
)


def _weighted(pairs: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    return [v for v, _w in pairs], [w for _v, w in pairs]


class Pick:
    """A weighted choice by bisection on the cumulative weights (faster than random.choices)."""

    def __init__(self, values: list[Any], weights: list[float]) -> None:
        total = sum(weights)
        acc, self.cum = 0.0, []
        for w in weights:
            acc += w / total
            self.cum.append(acc)
        self.cum[-1] = 1.0
        self.values = values

    def __call__(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_left(self.cum, rng.random())]


def _ts(t: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(t))


def _iso(t: int) -> str:
    """As `datetime.isoformat()` of an aware local datetime writes it into an event's data."""
    return time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(t + LOCAL))


def _n(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def _j(value: Any) -> str:
    return "null" if value is None else ("true" if value else "false")


class _Stop(Exception):
    """The story has reached `now`: the case stays where it is."""


@dataclass
class Org:
    centre_ids: list[int]
    centre_pick: Pick
    units: list[tuple[int, str]]  # (id, code) of the handling units
    unit_pick: Pick  # index into units
    code_of: dict[int, str]
    leaves: list[tuple[int | None, int | None]]  # (category id, default unit id)
    leaf_pick: Pick
    clerk: int
    deputy: int
    handler: int


@dataclass
class Buffers:
    lines: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


COPY_SQL = {
    "cases_case": (
        "COPY cases_case (id, number, tracking_code, kind, channel, status, version, title, "
        "content, facts, address, anonymous, party_count, special_circumstances, difficult, "
        "severity, suggested_severity, severity_reasons, severity_confirmed, referred_to, "
        "suspended_from, extension_pending, received_at, registered_at, accepted_at, closed_at, "
        "accept_due, handle_due, unit_due, current_due, warn_at, deadline_provisional, result, "
        "valid, justified, reply, reply_channel, satisfaction, rework_count, dissatisfied_count, "
        "category_id, centre_id, registered_by_id, unit_id, callback_attempts, callback_due, "
        "contact_address, contact_channel, external_id, query_password) FROM STDIN"
    ),
    "cases_caseevent": (
        "COPY cases_caseevent (id, verb, at, from_status, to_status, note, data, actor_id, "
        "case_id) FROM STDIN"
    ),
    "cases_complainant": (
        "COPY cases_complainant (id, case_id, position, is_representative, name, gender, "
        "id_number, phone, address, postcode, organisation, special_identity, name_index, "
        "phone_index) FROM STDIN"
    ),
    "cases_assignment": (
        "COPY cases_assignment (id, case_id, unit_id, state, self_handled, due, note, created_at, "
        "created_by_id, closed_at, identity_disclosed) FROM STDIN"
    ),
    "cases_extensionrequest": (
        "COPY cases_extensionrequest (id, case_id, days, reason, requested_at, approved, "
        "decided_at, note, decided_by_id, requested_by_id) FROM STDIN"
    ),
    "stats_casemark": (
        "COPY stats_casemark (case_id, day, centre_id, category_id, kind, channel, severity, "
        "accepted, not_accepted, referred, closed, justified, unjustified, valid, invalid, "
        "collective, repeat) FROM STDIN"
    ),
    "stats_unitfact": "COPY stats_unitfact (case_id, figure, unit_id, day, at) FROM STDIN",
    "stats_tally": (
        "COPY stats_tally (day, figure, unit_id, centre_id, category_id, kind, channel, "
        "severity, n) FROM STDIN"
    ),
}
CASE_FLAG_NAMES = (
    "accepted",
    "not_accepted",
    "referred",
    "closed",
    "justified",
    "unjustified",
    "valid",
    "invalid",
    "collective",
    "repeat",
)


class Writer:
    """COPY in a thread of its own (psycopg lets go of the GIL while it waits for the server), so
    that generating and loading share the two CPUs."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        self.conn.execute("SET session_replication_role = replica")  # no FK triggers in the load
        self.conn.execute("SET synchronous_commit = off")
        self.queue: queue.Queue[tuple[str, str] | None] = queue.Queue(maxsize=8)
        self.error: BaseException | None = None
        self.rows: dict[str, int] = defaultdict(int)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while True:
                item = self.queue.get()
                if item is None:
                    return
                table, text = item
                with self.conn.cursor() as cur, cur.copy(COPY_SQL[table]) as copy:
                    copy.write(text)
        except BaseException as exc:  # reported by put/close
            self.error = exc

    def put(self, table: str, lines: list[str]) -> None:
        if self.error:
            raise self.error
        self.rows[table] += len(lines)
        self.queue.put((table, "".join(lines)))

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self.conn.close()
        if self.error:
            raise self.error


class Generator:
    def __init__(self, org: Org, now: int, seed: int, first_ids: dict[str, int]) -> None:
        self.org = org
        self.now = now
        self.rng = random.Random(seed)
        self.ids = dict(first_ids)
        self.kind_pick = Pick(*_weighted(KINDS))
        self.channel_pick = Pick(*_weighted(CHANNELS))
        self.severity_pick = Pick(*_weighted(SEVERITIES))
        start_day = (now + LOCAL) // DAY - 800
        self.workdays = [d for d in range(start_day, start_day + 1400) if (d + 3) % 7 < 5]
        self.pool = 1  # set by `run`: the size of the repeating phones' pool
        self.counts: dict[str, int] = defaultdict(int)
        # The statistics' rows, derived as the stories are told (`derive`).
        self.derive = False
        self.unit_ids = {code: pk for pk, code in org.code_of.items()}
        self.last_seen: dict[str, int] = {}  # phone → received of its latest case (repeating)
        self.tallies: dict[int, dict[tuple[Any, ...], int]] = defaultdict(lambda: defaultdict(int))
        self.day_text: dict[int, str] = {}
        self.window = 0
        self.collective = 0

    # deadlines, on a Monday-to-Friday calendar (close enough to the real one for a benchmark)
    def after_workdays(self, t: int, n: int) -> int:
        i = bisect.bisect_right(self.workdays, (t + LOCAL) // DAY)
        return self.workdays[i + n - 1] * DAY - LOCAL + DAY - 1

    def warn_from(self, due: int) -> int:
        i = bisect.bisect_left(self.workdays, (due + LOCAL) // DAY)
        return self.workdays[max(i - 2, 0)] * DAY - LOCAL

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def phone_index(self, case_id: int) -> tuple[str, bool]:
        """A blind-index-like hex string, and whether it may come again."""
        rng = self.rng
        r = rng.random()
        if r < 0.70:
            key = case_id * 2 + 1
        elif r < 0.998:
            key = rng.randrange(self.pool) * 2
        else:
            key = 10**15 + rng.randrange(200) * 2
        text = f"{(key * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) % (1 << 128):032x}"
        return text, r >= 0.70

    def date_text(self, day: int) -> str:
        text = self.day_text.get(day)
        if text is None:
            text = self.day_text[day] = (date(1970, 1, 1) + timedelta(days=day)).isoformat()
        return text

    def tell(self, cid: int, received: int, out: Buffers, events: list[tuple[Any, ...]]) -> None:
        """One case: its row, its events (appended to `events` as (at, case, seq, verb, from, to,
        data, actor)), transfers and extension requests."""
        rng, org, now = self.rng, self.org, self.now
        kind = self.kind_pick(rng)
        channel = self.channel_pick(rng)
        severity = self.severity_pick(rng)
        centre = org.centre_pick(rng)
        category, usual_unit = org.leaves[org.leaf_pick(rng)]
        party_count = 1
        r = rng.random()
        if r < 0.012:
            party_count = rng.randint(5, 40)
        elif r < 0.04:
            party_count = rng.randint(2, 4)
        anonymous = rng.random() < 0.04
        phone, pooled = ("", False) if anonymous else self.phone_index(cid)
        first_event = len(events)
        st: dict[str, Any] = {
            "t": received,
            "status": "registered",
            "unit": None,
            "unit_due": None,
            "handle_due": None,
            "accepted_at": None,
            "closed_at": None,
            "justified": None,
            "valid": None,
            "result": "",
            "reply": "",
            "reply_channel": "",
            "satisfaction": "",
            "rework": 0,
            "dissatisfied": 0,
            "attempts": 0,
            "callback_due": None,
            "ext_pending": False,
            "confirmed": False,
        }
        seq = 0
        transfers: list[list[Any]] = []
        extensions: list[list[Any]] = []

        def emit(verb: str, to: str, data: str, actor: int) -> None:
            nonlocal seq
            seq += 1
            events.append((st["t"], cid, seq, verb, st["status"], to, data, actor))
            st["status"] = to
            self.counts[verb] += 1

        def wait(mean: float, floor: int = 120) -> None:
            st["t"] += max(floor, int(rng.expovariate(1.0 / mean)))
            if st["t"] > now:
                raise _Stop

        def reopen() -> None:  # `_rework_assignment`: the unit's last transfer is open again
            for row in reversed(transfers):
                if row[1] == st["unit"]:
                    row[2], row[6] = "active", None
                    row[4] = st["unit_due"]
                    return

        emit(
            "register",
            "registered",
            f'{{"channel": "{channel}", "accept_days": 1, "severity_reasons": [], '
            f'"suggested_severity": "{severity}"}}',
            org.clerk,
        )
        accept_due = self.after_workdays(received, 1)
        try:
            wait(3 * HOUR)
            r = rng.random()
            if r < 0.04:
                emit("reject", "not_accepted", '{"reason_code": "out_of_scope"}', org.clerk)
                st["closed_at"] = st["t"]
                raise _Stop
            if r < 0.07:
                emit("refer", "referred", '{"to": "市信访局"}', org.clerk)
                st["closed_at"] = st["t"]
                raise _Stop
            emit(
                "accept", "accepted", f'{{"severity": "{severity}", "handle_days": 15}}', org.clerk
            )
            st["accepted_at"], st["confirmed"] = st["t"], True
            st["handle_due"] = self.after_workdays(st["t"], 15)
            self._transfer(st, emit, wait, transfers, centre, usual_unit, severity)
            if rng.random() < 0.01:
                wait(2 * DAY)
                emit("withdraw", "withdrawn", "{}", org.clerk)
                st["closed_at"] = st["t"]
                for row in transfers:
                    if row[2] in ("active", "awaiting_sign"):
                        row[2], row[6] = "cancelled", st["t"]
                raise _Stop
            stuck = rng.random() < 0.015
            justified = (
                (True if rng.random() < 0.6 else False if rng.random() < 0.9 else None)
                if kind in ("complaint", "report")
                else None
            )
            valid = True if rng.random() < 0.87 else False if rng.random() < 0.7 else None
            asked_extension = False
            reworks = 0
            while True:  # handling → result → review → reply → callback, again after a rework
                if not asked_extension and rng.random() < 0.08:
                    asked_extension = True
                    wait(2 * DAY)
                    days = rng.choice((3, 5, 7, 10, 15))
                    emit("request_extension", st["status"], f'{{"days": {days}}}', org.handler)
                    ext = [self.next_id("ext"), cid, days, st["t"], None, None]
                    extensions.append(ext)
                    st["ext_pending"] = True
                    wait(DAY)
                    approve = rng.random() < 0.8
                    emit(
                        "decide_extension",
                        st["status"],
                        f'{{"days": {days}, "approve": {_j(approve)}}}',
                        org.deputy,
                    )
                    ext[4], ext[5] = approve, st["t"]
                    st["ext_pending"] = False
                    if approve:
                        st["handle_due"] = self.after_workdays(st["handle_due"], days)
                        st["unit_due"] = self.after_workdays(st["unit_due"], days)
                        for row in transfers:
                            if row[2] == "active":
                                row[4] = st["unit_due"]
                if stuck:
                    wait(45 * DAY, floor=12 * DAY)
                else:
                    wait(rng.lognormvariate(11.9, 0.8), floor=HOUR)  # median ≈ 1.7 days
                on_time = st["t"] <= st["unit_due"]
                text = RESULTS_TEXT[cid % len(RESULTS_TEXT)]
                emit(
                    "submit_result",
                    "result_submitted",
                    f'{{"unit": "{org.code_of[st["unit"]]}", "valid": {_j(valid)}, '
                    f'"result": "{text}", "on_time": {_j(on_time)}, '
                    f'"unit_due": "{_iso(st["unit_due"])}", "justified": {_j(justified)}}}',
                    org.handler,
                )
                st["result"], st["justified"], st["valid"] = text, justified, valid
                wait(DAY)
                if reworks < 2 and rng.random() < 0.06:
                    reworks += 1
                    st["rework"] += 1
                    st["unit_due"] = self.after_workdays(st["t"], 7)
                    emit("review", "handling", '{"approve": false, "unit_days": 7}', org.clerk)
                    reopen()
                    continue
                emit("review", "reviewed", '{"approve": true}', org.clerk)
                for row in transfers:
                    if row[2] == "active":
                        row[2], row[6] = "done", st["t"]
                wait(12 * HOUR)
                emit(
                    "reply",
                    "replied",
                    f'{{"channel": "phone", "content": "{REPLY_TEXT}", "callback_days": 3}}',
                    org.clerk,
                )
                st["reply"], st["reply_channel"] = REPLY_TEXT, "phone"
                st["callback_due"] = self.after_workdays(st["t"], 3)
                st["attempts"] = 0
                again = self._callbacks(st, emit, wait, reopen)
                if not again:
                    break
            wait(5 * DAY)
            emit("archive", "archived", "{}", org.clerk)
        except _Stop:
            pass
        self._write(
            out,
            cid,
            received,
            kind,
            channel,
            severity,
            centre,
            category,
            party_count,
            phone,
            accept_due,
            st,
            seq,
            transfers,
            extensions,
        )
        if self.derive:
            repeat = False
            if phone:
                last = self.last_seen.get(phone)
                repeat = last is not None and last >= received - self.window
                if pooled:
                    self.last_seen[phone] = received
            self._derive(
                out,
                cid,
                received,
                (centre, category or 0, kind, channel, severity),
                party_count,
                repeat,
                st,
                events[first_event:],
            )

    def _derive(
        self,
        out: Buffers,
        cid: int,
        received: int,
        dims: tuple[Any, ...],
        party_count: int,
        repeat: bool,
        st: dict[str, Any],
        history: list[tuple[Any, ...]],
    ) -> None:
        """What `rollup.refresh` writes for this case from an empty start: its CaseMark (as
        `marks._mark`), its UnitFacts (`fold.unit_facts` itself, on the events' stored data)
        and +1 in the rollup for each (`rollup._count`)."""
        from tousu.stats import fold

        status = st["status"]
        flags = (
            st["accepted_at"] is not None,  # accepted
            status == "not_accepted",
            status == "referred",
            status in ("closed", "archived"),  # closed
            st["justified"] is True,
            st["justified"] is False,
            st["valid"] is True,
            st["valid"] is False,
            party_count >= self.collective,
            repeat,
        )
        day = (received + LOCAL) // DAY
        out.lines["stats_casemark"].append(
            f"{cid}\t{self.date_text(day)}\t{dims[0]}\t{dims[1]}\t{dims[2]}\t{dims[3]}\t"
            f"{dims[4]}\t{'\t'.join('t' if f else 'f' for f in flags)}\n"
        )
        tally = self.tallies[day]
        tally[(day, "received", 0, *dims)] += 1
        for name, flag in zip(CASE_FLAG_NAMES, flags, strict=True):
            if flag:
                tally[(day, name, 0, *dims)] += 1
        events = [
            fold.Event(verb, at, to_status, json.loads(data))
            for at, _c, _s, verb, _f, to_status, data, _a in history
            if verb in fold.VERBS
        ]
        unit_ids = self.unit_ids
        facts = fold.unit_facts(
            events, centre_id=dims[0], unit_of=lambda code: unit_ids.get(code) if code else None
        )
        lines = out.lines["stats_unitfact"]
        for fact in facts:
            at = int(fact.at)  # type: ignore[call-overload]  # the stories' times are ints
            fday = (at + LOCAL) // DAY
            lines.append(
                f"{cid}\t{fact.figure}\t{fact.unit_id}\t{self.date_text(fday)}\t{_ts(at)}\n"
            )
            self.tallies[fday][(fday, fact.figure, fact.unit_id, *dims)] += 1

    def tally_lines(self, up_to: int | None) -> list[str]:
        """The rollup rows of every day up to `up_to` (all: None), which no later case can change:
        a case counts on the day it was received and on later days only."""
        lines = []
        for day in sorted(d for d in self.tallies if up_to is None or d <= up_to):
            for key, n in self.tallies.pop(day).items():
                d, figure, unit, centre, category, kind, channel, severity = key
                lines.append(
                    f"{self.date_text(d)}\t{figure}\t{unit}\t{centre}\t{category}\t{kind}\t"
                    f"{channel}\t{severity}\t{n}\n"
                )
        return lines

    def _transfer(
        self,
        st: dict[str, Any],
        emit: Callable[[str, str, str, int], None],
        wait: Callable[..., None],
        transfers: list[list[Any]],
        centre: int,
        usual_unit: int | None,
        severity: str,
    ) -> None:
        """Dispatch (or self-handle), sign-off, sign for; returns and refused sign-offs go round
        again to another unit."""
        rng, org = self.rng, self.org
        rounds = 0
        while True:
            rounds += 1
            wait(4 * HOUR)
            own = rng.random() < 0.05
            if own:
                unit = centre
            elif usual_unit is not None and rounds == 1 and rng.random() < 0.75:
                unit = usual_unit
            else:
                unit = org.units[org.unit_pick(rng)][0]
            signoff = severity != "general"
            st["unit"], st["unit_due"] = unit, self.after_workdays(st["t"], 7)
            if own:
                emit(
                    "self_handle",
                    "pending_approval" if signoff else "handling",
                    f'{{"unit_days": 7, "needs_signoff": {_j(signoff)}}}',
                    org.clerk,
                )
                state = "pending_approval" if signoff else "active"
            else:
                emit(
                    "dispatch",
                    "pending_approval" if signoff else "dispatched",
                    f'{{"due": "{_iso(st["unit_due"])}", "unit": "{org.code_of[unit]}", '
                    f'"unit_days": 7, "due_chosen": false, "needs_signoff": {_j(signoff)}}}',
                    org.clerk,
                )
                state = "pending_approval" if signoff else "awaiting_sign"
            # id, unit, state, self_handled, due, created_at, closed_at
            row = [self.next_id("assignment"), unit, state, own, st["unit_due"], st["t"], None]
            transfers.append(row)
            if signoff:
                wait(5 * HOUR)
                if rounds < 3 and rng.random() < 0.05:
                    emit("approve", "accepted", '{"approve": false}', org.deputy)
                    row[2], row[6] = "rejected", st["t"]
                    st["unit"] = st["unit_due"] = None
                    continue
                st["unit_due"] = row[4] = self.after_workdays(st["t"], 7)
                emit(
                    "approve",
                    "handling" if own else "dispatched",
                    '{"approve": true, "unit_days": 7}',
                    org.deputy,
                )
                row[2] = "active" if own else "awaiting_sign"
            if own:
                return
            wait(6 * HOUR)
            emit("sign", "handling", "{}", org.handler)
            row[2] = "active"
            if rounds < 3 and rng.random() < 0.05:
                wait(DAY)
                emit(
                    "return",
                    "accepted",
                    f'{{"unit": "{org.code_of[unit]}", "reason_code": "not_ours"}}',
                    org.handler,
                )
                row[2], row[6] = "returned", st["t"]
                st["unit"] = st["unit_due"] = None
                continue
            return

    def _callbacks(
        self,
        st: dict[str, Any],
        emit: Callable[[str, str, str, int], None],
        wait: Callable[..., None],
        reopen: Callable[[], None],
    ) -> bool:
        """Callbacks until one closes the case (False) or sends it back to the unit (True)."""
        rng, org = self.rng, self.org
        while True:
            wait(1.5 * DAY)
            r = rng.random()
            if r < 0.11:
                st["attempts"] += 1
                data = f'{{"attempt": {st["attempts"]}, "satisfaction": "unreachable"}}'
                if st["attempts"] < 3:
                    emit("callback", "replied", data, org.clerk)
                    st["callback_due"] = self.after_workdays(st["t"], 1)
                    continue
                emit("callback", "closed", data, org.clerk)
                st["satisfaction"], st["closed_at"] = "unreachable", st["t"]
                return False
            if r < 0.18:
                st["satisfaction"] = "dissatisfied"
                if st["dissatisfied"] == 0 and st["unit"] is not None:
                    st["dissatisfied"] = 1
                    st["rework"] += 1
                    st["unit_due"] = self.after_workdays(st["t"], 7)
                    emit(
                        "callback",
                        "handling",
                        '{"unit_days": 7, "satisfaction": "dissatisfied"}',
                        org.clerk,
                    )
                    reopen()
                    return True
                st["dissatisfied"] += 1
                emit("callback", "pending_decision", '{"satisfaction": "dissatisfied"}', org.clerk)
                wait(2 * DAY)
                if rng.random() < 0.3 and st["unit"] is not None:
                    st["rework"] += 1
                    st["unit_due"] = self.after_workdays(st["t"], 7)
                    emit("decide", "handling", '{"rehandle": true, "unit_days": 7}', org.deputy)
                    reopen()
                    return True
                emit("decide", "closed", '{"rehandle": false}', org.deputy)
                st["closed_at"] = st["t"]
                return False
            satisfaction = "satisfied" if r < 0.80 else "basically_satisfied"
            emit("callback", "closed", f'{{"satisfaction": "{satisfaction}"}}', org.clerk)
            st["satisfaction"], st["closed_at"] = satisfaction, st["t"]
            return False

    def _write(
        self,
        out: Buffers,
        cid: int,
        received: int,
        kind: str,
        channel: str,
        severity: str,
        centre: int,
        category: int | None,
        party_count: int,
        phone: str,
        accept_due: int,
        st: dict[str, Any],
        seq: int,
        transfers: list[list[Any]],
        extensions: list[list[Any]],
    ) -> None:
        status = st["status"]
        unit_due, handle_due, callback_due = st["unit_due"], st["handle_due"], st["callback_due"]
        # deadlines.current_due_for
        if status == "registered":
            due = accept_due
        elif status == "replied":
            due = callback_due
        elif status in ("dispatched", "handling") and unit_due is not None:
            due = min(unit_due, handle_due) if handle_due is not None else unit_due
        elif status in ("accepted", "pending_approval", "result_submitted", "reviewed"):
            due = handle_due
        else:
            due = None
        ts = lambda v: "\\N" if v is None else _ts(v)  # noqa: E731
        title = TITLES[cid % len(TITLES)]
        out.lines["cases_case"].append(
            "\t".join(
                (
                    str(cid),
                    f"BS{cid:010d}",
                    f"T{cid:011d}",
                    kind,
                    channel,
                    status,
                    str(seq - 1),
                    title,
                    title + "。请相关部门尽快处理。",
                    "",
                    "",
                    _n(not phone),
                    str(party_count),
                    "f",
                    "f",
                    severity,
                    severity,
                    "[]",
                    _n(st["confirmed"]),
                    "市信访局" if status == "referred" else "",
                    "",
                    _n(st["ext_pending"]),
                    _ts(received),
                    _ts(received),
                    ts(st["accepted_at"]),
                    ts(st["closed_at"]),
                    _ts(accept_due),
                    ts(handle_due),
                    ts(unit_due),
                    ts(due),
                    ts(None if due is None else self.warn_from(due)),
                    "f",
                    st["result"],
                    _n(st["valid"]),
                    _n(st["justified"]),
                    st["reply"],
                    st["reply_channel"],
                    st["satisfaction"],
                    str(st["rework"]),
                    str(st["dissatisfied"]),
                    _n(category),
                    str(centre),
                    str(self.org.clerk),
                    _n(st["unit"]),
                    str(st["attempts"]),
                    ts(callback_due),
                    "",
                    "",
                    "",
                    "",
                )
            )
            + "\n"
        )
        if phone:
            out.lines["cases_complainant"].append(
                f"{self.next_id('complainant')}\t{cid}\t1\tt\t\t\t\t\t\t\t\t\t\t{phone}\n"
            )
        for aid, unit, state, own, adue, created, closed in transfers:
            out.lines["cases_assignment"].append(
                f"{aid}\t{cid}\t{unit}\t{state}\t{_n(own)}\t{_ts(adue)}\t\t{_ts(created)}\t"
                f"{self.org.clerk}\t{ts(closed)}\tf\n"
            )
        for eid, _c, days, requested, approved, decided in extensions:
            out.lines["cases_extensionrequest"].append(
                f"{eid}\t{cid}\t{days}\t需现场核查,时间不足\t{_ts(requested)}\t{_n(approved)}\t"
                f"{ts(decided)}\t\t{_n(None if decided is None else self.org.deputy)}\t"
                f"{self.org.handler}\n"
            )

    def event_lines(self, events: list[tuple[Any, ...]]) -> list[str]:
        lines = []
        for at, cid, _seq, verb, from_status, to_status, data, actor in events:
            self.ids["event"] += 1
            lines.append(
                f"{self.ids['event']}\t{verb}\t{_ts(at)}\t{from_status}\t{to_status}\t\t"
                f"{data}\t{actor}\t{cid}\n"
            )
        return lines

    def days(self, count: int, months: int) -> Iterator[tuple[int, int]]:
        """(day number, cases received that day) over the `months` before today, weekdays busier
        than weekends and a slow growth over the period."""
        today = (self.now + LOCAL) // DAY
        first = today - round(months * 30.44)
        weights = []
        for d in range(first, today + 1):
            w = 1.0 if (d + 3) % 7 < 5 else 0.55
            weights.append(w * (0.85 + 0.3 * (d - first) / (today - first)))
        total = sum(weights)
        given, acc = 0, 0.0
        for i, w in enumerate(weights):
            acc += w * count / total
            n = round(acc) - given
            given += n
            yield first + i, n

    def arrival_times(self, day: int, n: int) -> list[int]:
        hours = HOUR_PICK
        start = day * DAY - LOCAL
        times = sorted(start + hours(self.rng) * HOUR + self.rng.randrange(HOUR) for _ in range(n))
        return [t for t in times if t <= self.now]


HOUR_PICK = Pick(
    list(range(24)),
    [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 3, 8, 10, 10, 9, 7, 8, 9, 9, 8, 7, 5, 5, 4, 3, 2, 1.5],
)


def setup_org(n_units: int) -> Org:
    """The demo organisation, handling units up to `n_units` and ~150 categories in two levels."""
    from django.contrib.auth import get_user_model

    from tousu.categories.models import Category, tree_changed
    from tousu.demo.accounts import ensure_organisation
    from tousu.orgs.models import CENTRE_KINDS, Unit, UnitKind
    from tousu.orgs.staff import invalidate_unit_tree

    ensure_organisation()
    handling = list(Unit.objects.exclude(kind__in=CENTRE_KINDS).order_by("id"))
    kinds = [UnitKind.DEPARTMENT, UnitKind.TOWN, UnitKind.COMPANY]
    for i in range(len(handling), n_units):
        unit, _ = Unit.objects.get_or_create(
            code=f"bench-unit-{i:02d}",
            defaults={"name": f"承办单位{i:02d}", "kind": kinds[i % 3], "sort_order": 100 + i},
        )
        handling.append(unit)
    invalidate_unit_tree()
    bench_units = [u for u in handling if u.code.startswith("bench-unit-")]
    for i in range(12):
        top, _ = Category.objects.get_or_create(
            code=f"bench-cat-{i:02d}",
            defaults={
                "name": f"其他事项{i:02d}",
                "default_unit": bench_units[i % len(bench_units)] if bench_units else None,
                "sort_order": 1000 + i * 10,
            },
        )
        for j in range(9):
            Category.objects.get_or_create(
                code=f"bench-cat-{i:02d}-{j}",
                defaults={
                    "name": f"其他事项{i:02d}-{j}",
                    "parent": top,
                    "default_unit": bench_units[(i * 9 + j) % len(bench_units)]
                    if bench_units
                    else None,
                    "sort_order": 1000 + i * 10 + j,
                },
            )
    tree_changed()
    cats = list(Category.objects.values_list("id", "parent_id", "default_unit_id"))
    parents = {p for _c, p, _u in cats if p}
    leaves: list[tuple[int | None, int | None]] = [(c, u) for c, _p, u in cats if c not in parents]
    rng = random.Random(7)
    rng.shuffle(leaves)
    leaves.append((None, None))  # no category
    leaf_weights = [1.0 / (i + 1) ** 0.9 for i in range(len(leaves) - 1)]
    leaf_weights.append(sum(leaf_weights) * 0.02)
    centres = list(Unit.objects.filter(kind__in=CENTRE_KINDS).order_by("id"))
    centre_weights = [
        0.8 if u.kind == UnitKind.CENTRE else 0.15 if u.kind == UnitKind.SUBCENTRE else 0.05
        for u in centres
    ]
    units = [(u.pk, u.code) for u in handling]
    User = get_user_model()
    users = dict(User.objects.values_list("username", "id"))
    return Org(
        centre_ids=[u.pk for u in centres],
        centre_pick=Pick([u.pk for u in centres], centre_weights),
        units=units,
        unit_pick=Pick(list(range(len(units))), [1.0 / (i + 1) ** 0.7 for i in range(len(units))]),
        code_of={u.pk: u.code for u in [*handling, *centres]},
        leaves=leaves,
        leaf_pick=Pick(list(range(len(leaves))), leaf_weights),
        clerk=users["clerk"],
        deputy=users["deputy"],
        handler=users["unit_a_handler"],
    )


def _secondary_indexes(cur: Any) -> list[tuple[str, str]]:
    """The indexes of the big tables that no constraint owns (dropped for the load)."""
    cur.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "JOIN pg_class c ON c.relname = i.indexname "
        "WHERE i.tablename = ANY(%s) AND i.schemaname = 'public' "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)",
        [[*BIG_TABLES, *STATS_TABLES]],
    )
    return list(cur.fetchall())


def generate(ns: argparse.Namespace, url: str, now_dt: datetime) -> dict[str, Any]:
    import psycopg
    from django.conf import settings

    from tousu.cases.models import Case
    from tousu.stats.marks import CASE_FLAGS
    from tousu.stats.models import CaseMark, Progress

    if Case.objects.exists() or CaseMark.objects.exists():
        sys.exit("the database already has cases: generate into an empty one (no --reuse)")
    assert CASE_FLAGS == CASE_FLAG_NAMES, "the case figures changed: update the generator"
    org = setup_org(ns.units)
    now = int(now_dt.timestamp())
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
        indexes = _secondary_indexes(cur)
        for name, _definition in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    log(f"(a) dropped {len(indexes)} secondary indexes for the load")
    ids = {"event": 0, "assignment": 0, "complainant": 0, "ext": 0}
    gen = Generator(org, now, ns.seed, ids)
    base = ns.cases // max(ns.replicate, 1)
    gen.pool = max(base // 8, 1)
    gen.derive = ns.derive == "generate"
    gen.window = settings.TOUSU_REPEAT_DAYS * DAY
    gen.collective = settings.TOUSU_COLLECTIVE_PARTIES
    writer = Writer(url)
    out = Buffers()
    pending: dict[int, list[tuple[Any, ...]]] = defaultdict(list)  # events by local day
    cid = 0
    last_log = time.perf_counter()
    for day, n in gen.days(base, ns.months):
        events: list[tuple[Any, ...]] = []
        for received in gen.arrival_times(day, n):
            cid += 1
            gen.tell(cid, received, out, events)
        for ev in events:
            pending[(ev[0] + LOCAL) // DAY].append(ev)
        # Every event of a later case is on a later day: today's events are all known.
        todays = pending.pop(day, [])
        todays.sort()
        out.lines["cases_caseevent"].extend(gen.event_lines(todays))
        if gen.derive:
            out.lines["stats_tally"].extend(gen.tally_lines(day))
        for table, lines in out.lines.items():
            if len(lines) >= FLUSH_LINES:
                writer.put(table, lines)
                out.lines[table] = []
        if time.perf_counter() - last_log > 30:
            last_log = time.perf_counter()
            log(
                f"    {cid:,} cases, {gen.ids['event']:,} events "
                f"({cid / (last_log - started):,.0f} cases/s)"
            )
    for day in sorted(pending):
        out.lines["cases_caseevent"].extend(gen.event_lines(sorted(pending[day])))
    if gen.derive:
        out.lines["stats_tally"].extend(gen.tally_lines(None))
    for table, lines in out.lines.items():
        if lines:
            writer.put(table, lines)
    writer.close()
    loaded = time.perf_counter() - started
    log(f"(a) {cid:,} cases and {gen.ids['event']:,} events written in {loaded:.0f} s")
    replicated = None
    if ns.replicate > 1:
        if not gen.derive:
            sys.exit("--replicate needs --derive generate")
        replicated = replicate(url, ns.replicate, ns.seed)
        cid *= ns.replicate
    indexed, vacuumed = restore_indexes(url, indexes)
    top = _max_id("cases_caseevent")
    if gen.derive:  # the statistics have counted every event (what `rebuild` leaves)
        Progress.objects.update_or_create(
            pk=1, defaults={"last_event_id": top, "updated_at": now_dt}
        )
    elapsed = time.perf_counter() - started
    return {
        "cases": cid,
        "events": top,
        "events_per_case": round(top / max(cid, 1), 2),
        "rows": dict(writer.rows),
        "verbs": dict(sorted(gen.counts.items(), key=lambda kv: -kv[1])),
        "load_seconds": round(loaded),
        "replicated": replicated,
        "index_seconds": round(indexed),
        "vacuum_seconds": round(vacuumed),
        "seconds": round(elapsed),
    }


def restore_indexes(url: str, indexes: list[tuple[str, str]]) -> tuple[float, float]:
    """After a load: the dropped indexes built again, the sequences past the ids written, and
    VACUUM ANALYZE as autovacuum would do."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        t0 = time.perf_counter()
        for _name, definition in indexes:
            cur.execute(definition)
        indexed = time.perf_counter() - t0
        log(f"(a) {len(indexes)} indexes built again in {indexed:.0f} s")
        for table in BIG_TABLES:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
        t0 = time.perf_counter()
        for table in (*BIG_TABLES, *STATS_TABLES):
            cur.execute(f"VACUUM ANALYZE {table}")
        vacuumed = time.perf_counter() - t0
    return indexed, vacuumed


def replicate_existing(
    url: str, copies: int, seed: int, now: datetime, *, essential: bool = False
) -> dict[str, Any]:
    """--reuse --skip-generate --replicate K: multiply the cases already there (e.g. a copy of
    the 1,000,000-case database made with CREATE DATABASE … TEMPLATE)."""
    import psycopg

    from tousu.stats import rollup
    from tousu.stats.models import Progress

    rollup.catch_up(now)  # the derived tables current before they are copied
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
        indexes = _secondary_indexes(cur)
        for name, _definition in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    result = replicate(url, copies, seed)
    if essential:
        result["indexes_left_out"] = sorted(n for n, _d in indexes if n not in ESSENTIAL_INDEXES)
        indexes = [(n, d) for n, d in indexes if n in ESSENTIAL_INDEXES]
    result["index_seconds"], result["vacuum_seconds"] = restore_indexes(url, indexes)
    Progress.objects.filter(pk=1).update(last_event_id=_max_id("cases_caseevent"))
    result["seconds_with_indexes"] = round(time.perf_counter() - started)
    return result


def replicate(url: str, copies: int, seed: int) -> dict[str, Any]:
    """Copy the generated cases `copies - 1` times, in SQL, with every row that hangs on them
    (events, transfers, extension requests, complainants, marks, facts) — ten times the cases in
    the same 24 months. Copy k moves every id by k × the largest, gives the cases their own
    numbers and tracking codes, its complainants their own phones (the same repeats within the
    copy, none across copies), and files each case under another leaf category (a permutation
    per copy): the rollup then has about `copies` times the rows — more than a city of that size
    would have, whose categories are as skewed as one copy's (an upper bound). The derived rows
    are copied with the same mapping, and the rollup is the GROUP BY of the copies' rollups: what
    `rebuild` would write (`check_derived` recounts a sample with the real functions)."""
    import psycopg

    from tousu.categories.models import Category

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT pg_database_size(current_database()), current_setting('data_directory')"
        ).fetchone()
    size, data_directory = (int(row[0]), str(row[1])) if row else (0, "/")
    # What the server may still write (not the blocks reserved for root), and each copy as big
    # as the whole database with its indexes: their builds need about as much again in sorts.
    stat = os.statvfs(data_directory if os.path.exists(data_directory) else "/")
    free = stat.f_bavail * stat.f_frsize
    fits = 1 + int((free - DISK_RESERVE) // max(size, 1))
    if fits < copies:
        log(f"(a) only {fits} copies fit: {free / 1e9:.0f} GB free, {size / 1e9:.1f} GB each")
        copies = max(fits, 1)
    cats = list(Category.objects.values_list("id", "parent_id"))
    parents = {p for _c, p in cats if p}
    leaves = sorted(c for c, _p in cats if c not in parents)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET work_mem = '512MB'")
        top = {}
        for table in (*BIG_TABLES, "stats_unitfact"):
            cur.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            top[table] = int(cur.fetchone()[0])  # type: ignore[index]
        cur.execute("DROP TABLE IF EXISTS bench_catmap")
        cur.execute("CREATE UNLOGGED TABLE bench_catmap (k int, old bigint, new bigint)")
        for k in range(1, copies):
            shuffled = leaves[:]
            random.Random(seed + k).shuffle(shuffled)
            cur.executemany(
                "INSERT INTO bench_catmap VALUES (%s, %s, %s)",
                [(k, a, b) for a, b in zip(leaves, shuffled, strict=True)],
            )
        cur.execute("ANALYZE bench_catmap")

        def columns(table: str) -> list[str]:
            cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "ORDER BY ordinal_position",
                [table],
            )
            return [r[0] for r in cur.fetchall()]

        m = top["cases_case"]
        for k in range(1, copies):
            t0 = time.perf_counter()
            special: dict[str, dict[str, str | None]] = {
                "cases_case": {
                    "id": f"t.id + {k * m}",
                    # As the generator numbers them: from the id, so unique however often a
                    # database is copied.
                    "number": f"'BS' || lpad((t.id + {k * m})::text, 10, '0')",
                    "tracking_code": f"'T' || lpad((t.id + {k * m})::text, 11, '0')",
                    "category_id": "coalesce(c.new, t.category_id)",
                },
                "stats_casemark": {
                    "case_id": f"t.case_id + {k * m}",
                    "category_id": "coalesce(c.new, t.category_id)",
                },
                "cases_complainant": {
                    "id": f"t.id + {k * top['cases_complainant']}",
                    "case_id": f"t.case_id + {k * m}",
                    # The same phone → the same new phone within the copy (its repeats),
                    # another one in every copy and every run.
                    "phone_index": f"CASE WHEN t.phone_index = '' THEN '' "
                    f"ELSE md5('{k}:{m}:' || t.phone_index) END",
                },
                "stats_unitfact": {"id": None, "case_id": f"t.case_id + {k * m}"},
            }
            for table in (*BIG_TABLES[1:], "stats_unitfact"):
                if table != "cases_complainant" and table != "stats_unitfact":
                    special[table] = {
                        "id": f"t.id + {k * top[table]}",
                        "case_id": f"t.case_id + {k * m}",
                    }
            for table in ("cases_case", *BIG_TABLES[1:], "stats_casemark", "stats_unitfact"):
                names = [c for c in columns(table) if special[table].get(c, "") is not None]
                exprs = [special[table].get(c) or f"t.{c}" for c in names]
                join = (
                    f" LEFT JOIN bench_catmap c ON c.k = {k} AND c.old = t.category_id"
                    if "category_id" in special[table]
                    else ""
                )
                key = "id" if table in top else "case_id"
                limit = top.get(table, m)
                cur.execute(
                    f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(exprs)} "
                    f"FROM {table} t{join} WHERE t.{key} <= {limit}"
                )
            log(f"(a) copy {k}: {time.perf_counter() - t0:.0f} s")
        t0 = time.perf_counter()
        dims = "day, figure, unit_id, centre_id, category_id, kind, channel, severity"
        cur.execute("DROP TABLE IF EXISTS bench_tally0")
        cur.execute(f"CREATE UNLOGGED TABLE bench_tally0 AS SELECT {dims}, n FROM stats_tally")
        cur.execute("TRUNCATE stats_tally")
        # The unique key built after the load (sorted, compact), not kept up row by row.
        cur.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'stats_tally_key'"
        )
        tally_key = cur.fetchone()
        if tally_key:
            cur.execute("ALTER TABLE stats_tally DROP CONSTRAINT stats_tally_key")
        cur.execute(
            f"INSERT INTO stats_tally ({dims}, n) "
            "SELECT day, figure, unit_id, centre_id, coalesce(c.new, t.category_id), kind, "
            "channel, severity, sum(n) FROM bench_tally0 t "
            f"CROSS JOIN generate_series(0, {copies - 1}) g(k) "
            "LEFT JOIN bench_catmap c ON c.k = g.k AND c.old = t.category_id "
            "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
        )
        cur.execute("DROP TABLE bench_tally0")
        cur.execute("DROP TABLE bench_catmap")
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute(
            "ALTER TABLE stats_tally ADD CONSTRAINT stats_tally_key "
            + (tally_key[0] if tally_key else f"UNIQUE ({dims})")
        )
        tallied = time.perf_counter() - t0
    return {
        "copies": copies,
        "seconds": round(time.perf_counter() - started),
        "tally_seconds": round(tallied),
    }


# --- (b) the derived tables ----------------------------------------------------------------------


def derive_rebuild(now: datetime) -> dict[str, Any]:
    from tousu.stats import rollup

    start = time.perf_counter()
    counted = rollup.rebuild(now)
    elapsed = time.perf_counter() - start
    return {"route": "rollup.rebuild", "cases": counted, "seconds": round(elapsed, 1)}


def _derive_share(args: tuple[int, int, int, int, str]) -> tuple[int, int]:
    """One worker of the parallel route: the cases with id in [low, high] whose id % workers is
    `index`, in batches like `rebuild`; CaseMark and UnitFact rows COPYed."""
    low, high, workers, index, url = args
    import django

    django.setup()
    import psycopg

    from tousu.stats import rollup
    from tousu.stats.marks import CASE_FLAGS, marks_for

    cases = facts_n = 0
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        batch = rollup.BATCH_CASES
        chunk = batch * workers
        for first in range(low + index * batch, high + 1, chunk):
            ids = list(range(first, min(first + batch, high + 1)))
            marks = marks_for(ids)
            facts = rollup._fold(ids, marks)
            mark_lines, fact_lines = [], []
            for cid, m in marks.items():
                flags = "\t".join("t" if getattr(m, f) else "f" for f in CASE_FLAGS)
                mark_lines.append(
                    f"{cid}\t{m.day}\t{m.centre_id}\t{m.category_id}\t{m.kind}\t{m.channel}\t"
                    f"{m.severity}\t{flags}\n"
                )
                for figure, unit, day, at in facts.get(cid, ()):
                    fact_lines.append(f"{cid}\t{figure}\t{unit}\t{day}\t{at.isoformat()}\n")
            cases += len(marks)
            facts_n += len(fact_lines)
            with conn.cursor() as cur:
                with cur.copy(
                    "COPY stats_casemark (case_id, day, centre_id, category_id, kind, channel, "
                    f"severity, {', '.join(CASE_FLAGS)}) FROM STDIN"
                ) as copy:
                    copy.write("".join(mark_lines))
                if fact_lines:
                    with cur.copy(
                        "COPY stats_unitfact (case_id, figure, unit_id, day, at) FROM STDIN"
                    ) as copy:
                        copy.write("".join(fact_lines))
    return cases, facts_n


TALLY_FROM_ROWS = """
INSERT INTO stats_tally (day, figure, unit_id, centre_id, category_id, kind, channel, severity, n)
SELECT day, figure, unit_id, centre_id, category_id, kind, channel, severity, count(*)
FROM (
    SELECT m.day, f.figure, 0::bigint AS unit_id, m.centre_id, m.category_id, m.kind, m.channel,
           m.severity
    FROM stats_casemark m
    CROSS JOIN LATERAL (VALUES ('received', true), {flags}) AS f(figure, flag)
    WHERE f.flag
    UNION ALL
    SELECT u.day, u.figure, u.unit_id, m.centre_id, m.category_id, m.kind, m.channel, m.severity
    FROM stats_unitfact u JOIN stats_casemark m ON m.case_id = u.case_id
) counted
GROUP BY day, figure, unit_id, centre_id, category_id, kind, channel, severity
"""


def derive_parallel(now: datetime, workers: int, url: str) -> dict[str, Any]:
    """CaseMark and UnitFact by `workers` processes with the functions `refresh` uses; the
    rollup by one GROUP BY over them — what `rebuild` writes, from an empty start."""
    import multiprocessing

    from django.db import connection, transaction
    from django.db.models import Max, Min

    from tousu.cases.models import Case, CaseEvent
    from tousu.stats.marks import CASE_FLAGS
    from tousu.stats.models import Progress

    start = time.perf_counter()
    top = CaseEvent.objects.aggregate(top=Max("pk"))["top"] or 0
    bounds = Case.objects.aggregate(low=Min("pk"), high=Max("pk"))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(STATS_TABLES))
        indexes = [
            (name, d)
            for name, d in _indexes_of(cursor, STATS_TABLES)
            if not name.endswith("_pkey") and name != "stats_tally_key"
        ]
        for name, _d in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    connection.close()
    args = [(bounds["low"], bounds["high"], workers, i, url) for i in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_derive_share, args)
    rows_done = time.perf_counter() - start
    flags = ", ".join(f"('{f}', {f})" for f in CASE_FLAGS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '512MB'")
        cursor.execute(TALLY_FROM_ROWS.format(flags=flags))
        Progress.objects.update_or_create(pk=1, defaults={"last_event_id": top, "updated_at": now})
    tally_done = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table in STATS_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    elapsed = time.perf_counter() - start
    return {
        "route": f"parallel, {workers} processes (marks_for + _fold, COPY) + one GROUP BY",
        "cases": sum(c for c, _f in results),
        "facts": sum(f for _c, f in results),
        "rows_seconds": round(rows_done, 1),
        "tally_seconds": round(tally_done - rows_done, 1),
        "seconds": round(elapsed, 1),
    }


def _indexes_of(cursor: Any, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [list(tables)]
    )
    return list(cursor.fetchall())


def snapshot_derived() -> None:
    """Keep a copy of what rebuild wrote, to compare the parallel route with."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in STATS_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS bench_ref_{table}")
            cursor.execute(f"CREATE UNLOGGED TABLE bench_ref_{table} AS SELECT * FROM {table}")


def compare_derived() -> dict[str, int]:
    """Rows that differ between rebuild's copy and the tables now (both ways); all 0 = equal."""
    from django.db import connection

    from tousu.stats.marks import CASE_FLAGS

    dims = "centre_id, category_id, kind, channel, severity"
    columns = {
        "stats_casemark": f"case_id, day, {dims}, {', '.join(CASE_FLAGS)}",
        "stats_unitfact": "case_id, figure, unit_id, day, at",
        "stats_tally": f"day, figure, unit_id, {dims}, n",
    }
    found = {}
    with connection.cursor() as cursor:
        for table, cols in columns.items():
            for a, b in ((table, f"bench_ref_{table}"), (f"bench_ref_{table}", table)):
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT {cols} FROM {a} "
                    f"EXCEPT ALL SELECT {cols} FROM {b}) d"
                )
                found[f"{a} minus {b}"] = cursor.fetchone()[0]
            cursor.execute(f"SELECT count(*) FROM {table}")
            found[f"{table} rows"] = cursor.fetchone()[0]
    return found


def check_derived(sample: int, start: date, end: date, seed: int) -> dict[str, Any]:
    """Are the derived tables what `refresh` would write? For `sample` random cases, their
    marks and facts recounted with the real functions (`marks_for`, `rollup._fold`) and compared
    as `refresh` compares them; and the month's rollup rows against a GROUP BY over the stored
    marks and facts (both ways)."""
    from django.db import connection
    from django.db.models import Max

    from tousu.cases.models import Case
    from tousu.stats import rollup
    from tousu.stats.marks import CASE_FLAGS, marks_for
    from tousu.stats.models import CaseMark

    high = Case.objects.aggregate(m=Max("pk"))["m"] or 0
    ids = sorted(random.Random(seed).sample(range(1, high + 1), min(sample, high)))
    marks_differ = facts_differ = facts_seen = 0
    for i in range(0, len(ids), rollup.BATCH_CASES):
        chunk = ids[i : i + rollup.BATCH_CASES]
        fresh = marks_for(chunk)
        stored = CaseMark.objects.in_bulk(chunk)
        fresh_facts = rollup._fold(chunk, fresh)
        stored_facts = rollup._facts_of(chunk)
        for cid in chunk:
            marks_differ += rollup._marks_differ(stored.get(cid), fresh.get(cid))
            facts_seen += len(fresh_facts.get(cid, ()))
            facts_differ += sorted(stored_facts.get(cid, ())) != sorted(fresh_facts.get(cid, ()))
    flags = ", ".join(f"('{f}', {f})" for f in CASE_FLAGS)
    recount = (
        TALLY_FROM_ROWS.split("\n", 2)[2]
        .format(flags=flags)
        .replace("WHERE f.flag", "WHERE f.flag AND m.day BETWEEN %(start)s AND %(end)s")
        .replace("ON m.case_id = u.case_id", "ON m.case_id = u.case_id "
                 "WHERE u.day BETWEEN %(start)s AND %(end)s")
    )  # fmt: skip
    stored_rows = (
        "SELECT day, figure, unit_id, centre_id, category_id, kind, channel, severity, n "
        "FROM stats_tally WHERE day BETWEEN %(start)s AND %(end)s AND n <> 0"
    )
    found: dict[str, Any] = {
        "sample_cases": len(ids),
        "sample_facts": facts_seen,
        "marks_differ": marks_differ,
        "facts_differ": facts_differ,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '256MB'")
        for name, a, b in (
            ("tally_not_recounted", stored_rows, recount),
            ("recount_not_in_tally", recount, stored_rows),
        ):
            cursor.execute(
                f"SELECT count(*) FROM (({a}) EXCEPT ALL ({b})) d", {"start": start, "end": end}
            )
            found[name] = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM ({stored_rows}) d", {"start": start, "end": end})
        found["month_tally_rows"] = cursor.fetchone()[0]
    found["equal"] = not any(
        found[k]
        for k in ("marks_differ", "facts_differ", "tally_not_recounted", "recount_not_in_tally")
    )
    return found


def rebuild_slice(cases: int, now: datetime, *, proposed: bool) -> dict[str, Any]:
    """`rebuild`'s loop (a batch of BATCH_CASES per transaction, the Progress lock, `refresh`)
    over the first `cases` cases into empty statistics tables — all in a transaction that is
    rolled back, so the tables keep what they hold. `proposed`: with `proposed_writes`."""
    from django.db import connection, transaction

    from tousu.cases.models import Case
    from tousu.stats import rollup

    saved = rollup._add_to_tally
    if proposed:
        rollup._add_to_tally = stats_proposals.add_to_tally
    sql = Sql()
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE " + ", ".join(STATS_TABLES))
            counted, last = 0, 0
            start = time.perf_counter()
            while counted < cases:
                ids = list(
                    Case.objects.filter(pk__gt=last)
                    .order_by("pk")
                    .values_list("pk", flat=True)[: rollup.BATCH_CASES]
                )
                if not ids:
                    break
                batch_sql = _one_batch(ids, now)
                sql.statements += batch_sql.statements
                sql.seconds += batch_sql.seconds
                counted += len(ids)
                last = ids[-1]
            elapsed = time.perf_counter() - start
            transaction.set_rollback(True)
    finally:
        rollup._add_to_tally = saved
    return {
        "cases": counted,
        "seconds": round(elapsed, 1),
        "cases_per_s": round(counted / elapsed),
        "sql_seconds": round(sql.seconds, 1),
        "proposed": proposed,
    }


def _one_batch(ids: list[int], now: datetime) -> Sql:
    from django.db import transaction

    from tousu.stats import rollup

    def run() -> None:
        with transaction.atomic():
            rollup._locked_progress(now)
            rollup.refresh(ids)

    return _timed_once(run)[1]


def ensure_current(now: datetime) -> dict[str, Any]:
    """Catch up with events the statistics have not counted yet (untimed)."""
    from django.db.models import Max

    from tousu.cases.models import CaseEvent
    from tousu.stats import rollup
    from tousu.stats.models import Progress

    top = CaseEvent.objects.aggregate(top=Max("pk"))["top"] or 0
    progress = Progress.objects.filter(pk=1).values_list("last_event_id", flat=True).first()
    behind = top - (progress or 0)
    if behind:
        rollup.catch_up(now)
    return {"events_behind": behind}


# --- (c) timing ----------------------------------------------------------------------------------


@dataclass
class Sql:
    statements: int = 0
    seconds: float = 0.0
    slowest: tuple[float, str, Any] = (0.0, "", None)


def _timed_once(call: Callable[[], Any]) -> tuple[float, Sql, Any]:
    from django.db import connection

    sql = Sql()

    def wrap(execute: Any, statement: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            spent = time.perf_counter() - t0
            sql.statements += 1
            sql.seconds += spent
            if spent > sql.slowest[0]:
                sql.slowest = (spent, statement, params)

    with connection.execute_wrapper(wrap):
        t0 = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - t0
    return elapsed, sql, result


def measure(name: str, call: Callable[[], Any], runs: int, target: str) -> dict[str, Any]:
    first, _sql, result = _timed_once(call)
    times, sqls = [], []
    for _ in range(runs):
        t, sql, _r = _timed_once(call)
        times.append(t)
        sqls.append(sql)
    median = statistics.median(times)
    sql = sqls[times.index(sorted(times)[len(times) // 2])]
    row = {
        "name": name,
        "first_ms": round(first * 1000, 1),
        "median_ms": round(median * 1000, 1),
        "min_ms": round(min(times) * 1000, 1),
        "statements": sql.statements,
        "sql_ms": round(sql.seconds * 1000, 1),
        "slowest_ms": round(sql.slowest[0] * 1000, 1),
        "slowest_sql": sql.slowest[1],
        "slowest_params": sql.slowest[2],
        "target_ms": TARGETS_MS[target],
        "met": median * 1000 <= TARGETS_MS[target],
        "result": _brief(result),
    }
    if hasattr(result, "status_code") and result.status_code == 200:
        body = json.loads(result.content)
        if isinstance(body, dict) and "items" in body:
            row["ids"] = [item["id"] for item in body["items"]]
            row["total"] = body["total"]
    log(
        f"    {name}: first {row['first_ms']} ms, median {row['median_ms']} ms "
        f"({sql.statements} statements, {row['sql_ms']} ms SQL) {row['result']}"
    )
    return row


def _brief(result: Any) -> str:
    if isinstance(result, dict) and "received" in result:
        return f"received {result['received']:,}"
    if isinstance(result, list):
        return f"{len(result)} rows"
    if hasattr(result, "status_code"):
        body = json.loads(result.content)
        if result.status_code != 200:
            return f"HTTP {result.status_code} {body}"
        if isinstance(body, dict) and "total" in body:
            return f"total {body['total']:,}, {len(body['items'])} on the page"
        if isinstance(body, dict) and "received" in body:
            return f"received {body['received']:,}"
        return f"{len(body)} rows" if isinstance(body, list) else "ok"
    return ""


def explain(row: dict[str, Any]) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + row["slowest_sql"], row["slowest_params"])
        return [r[0] for r in cursor.fetchall()]


def month_of(ns: argparse.Namespace, now: datetime) -> tuple[date, date]:
    from tousu.calendar import services as calendar

    if ns.month:
        year, month = map(int, ns.month.split("-"))
    else:
        today = calendar.local_date(now)
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    start = date(year, month, 1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return start, end


def timings(ns: argparse.Namespace, now: datetime) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Sum
    from django.test import Client

    from tousu.api.models import ApiToken
    from tousu.assessment.scoring import ranked
    from tousu.categories.models import Category
    from tousu.stats import fold, query
    from tousu.stats.models import Tally, UnitFact

    start, end = month_of(ns, now)
    f = query.Filters(start=start, end=end)
    everyone = query.Scope(None)
    # The filters: the biggest top-level category branch, and the phone channel.
    top_ids = dict(Category.objects.filter(parent=None).values_list("pk", "code"))
    by_category = query._per_category(f, everyone)
    tree = dict(Category.objects.values_list("pk", "parent_id"))

    def root(cid: int) -> int:
        while tree.get(cid):
            cid = tree[cid]
        return cid

    branch_counts: dict[int, int] = defaultdict(int)
    for cid, n in by_category.items():
        if cid:
            branch_counts[root(cid)] += n
    branch = top_ids[max(branch_counts, key=lambda c: branch_counts[c])]
    busiest = (
        UnitFact.objects.filter(figure=fold.COMPLETED, day__gte=start, day__lte=end)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    from tousu.orgs.models import Unit

    unit = Unit.objects.get(pk=busiest["unit_id"]).code if busiest else "housing"
    analyst = get_user_model().objects.get(username="analyst")
    _row, token = ApiToken.issue(analyst, name="bench stats")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    period = f"from={start}&to={end}"
    old_start = start.replace(year=start.year - 1)
    old_end = (old_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    old_period = f"from={old_start}&to={old_end}"
    tally_rows = Tally.objects.filter(day__gte=start, day__lte=end).count()
    month_received = (
        Tally.objects.filter(day__gte=start, day__lte=end, figure="received").aggregate(n=Sum("n"))[
            "n"
        ]
        or 0
    )
    log(
        f"(c) month {start}…{end}: {month_received:,} cases received, {tally_rows:,} tally rows; "
        f"branch {branch!r}, busiest unit {unit!r}"
    )
    cases: list[tuple[str, Callable[[], Any], str]] = [
        ("month report: query.summary", lambda: query.summary(f, everyone), "report"),
        (
            "month report, category branch",
            lambda: query.summary(replace_filters(f, category=branch), everyone),
            "report",
        ),
        (
            "month report, channel phone",
            lambda: query.summary(replace_filters(f, channel="phone"), everyone),
            "report",
        ),
        (
            "units table: unit_figures + ranked",
            lambda: ranked(query.unit_figures(f, everyone, now), start, end),
            "units",
        ),
        (
            "units table, category branch",
            lambda: ranked(
                query.unit_figures(replace_filters(f, category=branch), everyone, now), start, end
            ),
            "units",
        ),
        (
            "API GET /stats/summary (analyst)",
            lambda: client.get(f"/api/v1/stats/summary?{period}"),
            "report",
        ),
        (
            "API GET /stats/units (analyst)",
            lambda: client.get(f"/api/v1/stats/units?{period}"),
            "units",
        ),
        (
            f"drill-down: completed of {unit}, page 1",
            lambda: client.get(f"/api/v1/stats/units?{period}&list=completed&unit={unit}"),
            "drill",
        ),
        (
            f"drill-down: completed of {unit}, branch {branch}",
            lambda: client.get(
                f"/api/v1/stats/units?{period}&list=completed&unit={unit}&category={branch}"
            ),
            "drill",
        ),
        (
            f"drill-down: overdue_open of {unit}",
            lambda: client.get(f"/api/v1/stats/units?{period}&list=overdue_open&unit={unit}"),
            "drill",
        ),
        (
            "drill-down: received, page 1",
            lambda: client.get(f"/api/v1/stats/summary?{period}&list=received"),
            "drill",
        ),
        (
            "drill-down: received, channel phone",
            lambda: client.get(f"/api/v1/stats/summary?{period}&list=received&channel=phone"),
            "drill",
        ),
        (
            f"drill-down: closed, branch {branch}",
            lambda: client.get(f"/api/v1/stats/summary?{period}&list=closed&category={branch}"),
            "drill",
        ),
        (
            f"drill-down: justified of {unit} (case figure by unit)",
            lambda: client.get(f"/api/v1/stats/summary?{period}&list=justified&unit={unit}"),
            "drill",
        ),
        (
            "drill-down: received, page 20",
            lambda: client.get(f"/api/v1/stats/summary?{period}&list=received&page=20"),
            "drill",
        ),
        (
            f"drill-down: received {old_start:%Y-%m} (a year back), page 1",
            lambda: client.get(f"/api/v1/stats/summary?{old_period}&list=received"),
            "drill",
        ),
        (
            f"drill-down: completed of {unit} {old_start:%Y-%m}, page 1",
            lambda: client.get(f"/api/v1/stats/units?{old_period}&list=completed&unit={unit}"),
            "drill",
        ),
    ]
    rows = []
    for name, call, target in cases:
        rows.append(measure(name, call, ns.runs, target))
    for row in rows:
        if ns.explain or not row["met"]:
            row["plan"] = explain(row)
    return {
        "month": f"{start}…{end}",
        "month_received": month_received,
        "month_tally_rows": tally_rows,
        "branch": branch,
        "unit": unit,
        "rows": rows,
    }


def proposals(ns: argparse.Namespace, now: datetime, before: dict[str, Any]) -> dict[str, Any]:
    """The timings again with bench/stats_proposals.py: its index created by hand, its functions
    in place of the application's (after checking that they answer the same)."""
    from django.db import connection

    from tousu.api import stats as api_stats
    from tousu.stats import query
    from tousu.stats.models import Tally

    if any(i.name == "stats_tally_figure_day" for i in Tally._meta.indexes):
        log("(e) the proposals are in the application already: nothing to compare")
        return {"applied": True}
    start, end = month_of(ns, now)
    checked = []
    for changes in ({}, {"channel": "phone"}, {"category": "housing"}, {"kind": "complaint"}):
        f = replace_filters(query.Filters(start=start, end=end), **changes)
        same = query.summary(f, query.Scope(None)) == stats_proposals.summary(f, query.Scope(None))
        checked.append({"filters": changes, "same": same})
        if not same:
            sys.exit(f"the proposed summary answers differently for {changes}")
    sql = stats_proposals.TALLY_INDEX
    if ns.partial_proposed_index:
        year_back = start.replace(year=start.year - 1)
        year_back_end = (year_back + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        sql += (
            f" WHERE (day BETWEEN '{start - timedelta(days=31)}' AND '{end}') "
            f"OR (day BETWEEN '{year_back}' AND '{year_back_end}')"
        )
    with connection.cursor() as cursor:
        t0 = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(sql)
        indexed = time.perf_counter() - t0
        cursor.execute("VACUUM ANALYZE stats_tally")
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('stats_tally_figure_day'))")
        size = cursor.fetchone()[0]
    log(f"(e) proposed index built in {indexed:.0f} s ({size}); timing again")
    saved = (query.summary, api_stats._listed)
    query.summary = stats_proposals.summary
    api_stats._listed = stats_proposals.listed
    try:
        found = timings(ns, now)
    finally:
        query.summary, api_stats._listed = saved
        if not ns.keep_proposed_index:
            with connection.cursor() as cursor:
                cursor.execute(stats_proposals.TALLY_INDEX_DROP)
    lists_same = {}
    earlier = {row["name"]: row for row in before["rows"]}
    for row in found["rows"]:
        base = earlier.get(row["name"], {})
        if "ids" in row and "ids" in base:
            lists_same[row["name"]] = row["ids"] == base["ids"] and row["total"] == min(
                base["total"], stats_proposals.COUNT_LIMIT
            )
    if not all(lists_same.values()):
        log(f"    THE PROPOSED DRILL-DOWN LISTS DIFFER: {lists_same}")
    return {
        "index": sql,
        "lists_same": lists_same,
        "summary_same": checked,
        "index_seconds": round(indexed),
        "index_size": size,
        "timings": found,
    }


def replace_filters(f: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(f, **changes)


# --- (d) incremental -----------------------------------------------------------------------------


def append_and_catch_up(count: int, now_dt: datetime, url: str) -> dict[str, Any]:
    """`count` new events (half new cases registered in the last hour, half accept/sign on open
    cases), older than the commit grace period; then `catch_up` timed."""
    from django.db import connection
    from django.db.models import Max

    from tousu.cases.models import Case, CaseEvent
    from tousu.stats import rollup

    rollup.catch_up(now_dt)  # start current
    org = setup_org(0)
    now = int(now_dt.timestamp()) - 120
    first_ids = {
        "event": CaseEvent.objects.aggregate(m=Max("pk"))["m"] or 0,
        "assignment": _max_id("cases_assignment"),
        "complainant": _max_id("cases_complainant"),
        "ext": _max_id("cases_extensionrequest"),
    }
    first_case = Case.objects.aggregate(m=Max("pk"))["m"] or 0
    new_cases = count // 2
    gen = Generator(org, now, int(now), first_ids)
    gen.pool = max(first_case // 8, 1)
    out = Buffers()
    events: list[tuple[Any, ...]] = []
    times = sorted(now - gen.rng.randrange(3600) for _ in range(new_cases))
    for i, received in enumerate(times, start=first_case + 1):
        gen.now = received  # the story stops after `register`
        gen.tell(i, received, out, events)
    events.sort()
    out.lines["cases_caseevent"] = gen.event_lines(events)
    writer = Writer(url)
    for table, lines in out.lines.items():
        if lines:
            writer.put(table, lines)
    writer.close()
    moved = count - new_cases
    with connection.cursor() as cursor:
        for table in BIG_TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
        # Open cases move on: registered → accepted, dispatched → handling, handling: the unit
        # asks for more time (an extension request, which counts for the unit).
        cursor.execute(
            """
            WITH picked AS (
                SELECT id, status FROM cases_case
                WHERE status IN ('registered', 'dispatched', 'handling') AND id <= %s
                  AND NOT extension_pending
                ORDER BY id DESC LIMIT %s
            ), moved AS (
                UPDATE cases_case c SET
                    status = CASE p.status WHEN 'registered' THEN 'accepted'
                                           ELSE 'handling' END,
                    accepted_at = coalesce(c.accepted_at, %s),
                    severity_confirmed = true,
                    extension_pending = (p.status = 'handling'),
                    version = c.version + 1
                FROM picked p WHERE c.id = p.id
                RETURNING c.id, p.status AS before, c.status AS after, c.severity
            )
            INSERT INTO cases_caseevent (verb, at, from_status, to_status, note, data, actor_id,
                                         case_id)
            SELECT CASE before WHEN 'registered' THEN 'accept' WHEN 'dispatched' THEN 'sign'
                               ELSE 'request_extension' END,
                   %s, before, after, '',
                   CASE before
                        WHEN 'registered'
                        THEN jsonb_build_object('severity', severity, 'handle_days', 15)
                        WHEN 'handling' THEN '{"days": 5}'::jsonb
                        ELSE '{}'::jsonb END,
                   %s, id
            FROM moved ORDER BY id
            """,
            [first_case, moved, _dt(now), _dt(now), org.clerk],
        )
    appended = (CaseEvent.objects.aggregate(m=Max("pk"))["m"] or 0) - first_ids["event"]
    t0 = time.perf_counter()
    read = rollup.catch_up(now_dt)
    elapsed = time.perf_counter() - t0
    result = {
        "appended_events": appended,
        "new_cases": new_cases,
        "events_read": read,
        "seconds": round(elapsed, 2),
        "events_per_s": round(read / elapsed) if elapsed else None,
    }
    log(f"(d) {result}")
    return result


def _max_id(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        return int(cursor.fetchone()[0])


def _dt(t: int) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def pdf_timings(ns: argparse.Namespace) -> dict[str, Any] | None:
    """Hook for the PDF of a letter (target ≤ 1 s), measured by another script on the same
    database; nothing here."""
    return None


# --- the run -------------------------------------------------------------------------------------


def sizes() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(c.oid)), "
            "pg_total_relation_size(c.oid) FROM pg_class c "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace "
            "ORDER BY 3 DESC LIMIT 10"
        )
        tables = {name: pretty for name, pretty, _b in cursor.fetchall()}
        counts = {}
        for table in (*BIG_TABLES, *STATS_TABLES):
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            counts[table] = int(cursor.fetchone()[0])
    return {"database": total, "tables": tables, "rows_estimated": counts}


def main(argv: list[str] | None = None) -> None:
    ns = parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_stats needs DATABASE_URL=postgres://…")
    database = prepare_database(argparse.Namespace(reuse=ns.reuse))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from tousu.cases.models import Case

    log(f"database: {database}")
    call_command("migrate", verbosity=0)
    now = timezone.now().replace(microsecond=0)
    report: dict[str, Any] = {
        "date": timezone.localtime().isoformat(timespec="seconds"),
        "database": database,
        "machine": machine(),
        "now": now.isoformat(),
    }
    if not ns.skip_generate:
        log(f"(a) generating {ns.cases:,} cases")
        report["generate"] = generate(ns, url, now)
        log(f"    {report['generate']}")
    elif ns.replicate > 1:
        log(f"(a) replicating the cases there {ns.replicate} times")
        report["replicate"] = replicate_existing(
            url, ns.replicate, ns.seed, now, essential=ns.essential_indexes
        )
        log(f"    {report['replicate']}")
    report["cases_in_database"] = Case.objects.count()
    if ns.rebuild_slice:
        log(f"(b) rebuild's loop on {ns.rebuild_slice:,} cases (rolled back)")
        report["rebuild_slice"] = rebuild_slice(ns.rebuild_slice, now, proposed=False)
        log(f"    {report['rebuild_slice']}")
        if ns.propose:
            report["rebuild_slice_proposed"] = rebuild_slice(ns.rebuild_slice, now, proposed=True)
            log(f"    {report['rebuild_slice_proposed']}")
    if ns.derive == "rebuild":
        log("(b) rollup.rebuild")
        report["derive"] = derive_rebuild(now)
        log(f"    {report['derive']}")
        if ns.check_derive:
            snapshot_derived()
            log("(b) the parallel route, to compare")
            report["derive_parallel"] = derive_parallel(now, ns.workers, url)
            report["derive_compare"] = compare_derived()
            log(f"    {report['derive_parallel']}\n    {report['derive_compare']}")
    elif ns.derive == "parallel":
        log(f"(b) parallel route, {ns.workers} processes")
        report["derive"] = derive_parallel(now, ns.workers, url)
        log(f"    {report['derive']}")
    report["current"] = ensure_current(now)
    if ns.check_sample:
        start, end = month_of(ns, now)
        log(f"(b) checking the derived tables: {ns.check_sample:,} cases, month {start}")
        report["check"] = check_derived(ns.check_sample, start, end, ns.seed)
        log(f"    {report['check']}")
        if not report["check"]["equal"]:
            log("    THE DERIVED TABLES DIFFER FROM WHAT REFRESH WOULD WRITE")
    report["sizes"] = sizes()
    report["load_before"] = [round(x, 2) for x in os.getloadavg()]
    report["timings"] = timings(ns, timezone.now())
    report["load_after"] = [round(x, 2) for x in os.getloadavg()]
    if ns.catch_up_events:
        log(f"(d) appending {ns.catch_up_events:,} events, then catch_up")
        report["catch_up"] = append_and_catch_up(ns.catch_up_events, timezone.now(), url)
    if ns.proposals:
        report["proposals"] = proposals(ns, timezone.now(), report["timings"])
    if ns.pdf:
        report["pdf"] = pdf_timings(ns)
    write_report(report)


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    t = report["timings"]
    lines = [
        f"# Tousu statistics benchmark — {report['cases_in_database']:,} cases",
        "",
        f"{report['date']} · {report['database']} · {m.get('cpu', '?')}, {m.get('nproc')} CPUs, "
        f"{m.get('memory_gib')} GiB · load {report['load_before']} → {report['load_after']}",
        "",
    ]
    if "generate" in report:
        g = report["generate"]
        lines.append(
            f"- generated {g['cases']:,} cases, {g['events']:,} events "
            f"({g['events_per_case']}/case) in {g['seconds']} s (load {g['load_seconds']} s, "
            f"indexes {g['index_seconds']} s, vacuum {g['vacuum_seconds']} s)"
        )
    if "derive" in report:
        d = report["derive"]
        lines.append(f"- derived tables: {d['route']}: {d['seconds']} s ({d['cases']:,} cases)")
    for key in ("rebuild_slice", "rebuild_slice_proposed"):
        if key in report:
            r = report[key]
            lines.append(
                f"- rebuild's loop{' with the proposed upsert' if r['proposed'] else ''}: "
                f"{r['cases']:,} cases in {r['seconds']} s (**{r['cases_per_s']} cases/s**, "
                f"{r['sql_seconds']} s in SQL)"
            )
    if "check" in report:
        lines.append(f"- derived tables checked: {report['check']}")
    if "replicate" in report:
        lines.append(f"- replicated: {report['replicate']}")
    if "derive_compare" in report:
        lines.append(f"- parallel route vs rebuild: {report['derive_compare']}")
    s = report["sizes"]
    lines.append(f"- database size {s['database']}; {s['tables']}")
    lines.append(
        f"- month {t['month']}: {t['month_received']:,} cases received, "
        f"{t['month_tally_rows']:,} tally rows; branch `{t['branch']}`, unit `{t['unit']}`"
    )
    proposed = {
        r["name"]: r for r in report.get("proposals", {}).get("timings", {}).get("rows", [])
    }
    lines += [
        "",
        "| what | first ms | median ms | target | SQL statements | SQL ms | slowest SQL ms | "
        "proposed: median ms (SQL statements) | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in t["rows"]:
        p = proposed.get(row["name"])
        after = f"**{p['median_ms']}** {'✓' if p['met'] else '✗'} ({p['statements']})" if p else "–"
        lines.append(
            f"| {row['name']} | {row['first_ms']} | **{row['median_ms']}** | "
            f"{row['target_ms']:.0f} {'✓' if row['met'] else '✗'} | {row['statements']} | "
            f"{row['sql_ms']} | {row['slowest_ms']} | {after} | {row['result']} |"
        )
    if "proposals" in report:
        pr = report["proposals"]
        lines.append(
            f"\nproposed index built in {pr['index_seconds']} s ({pr['index_size']}); "
            f"proposed summary equal to query.summary: {pr['summary_same']}; drill-down pages "
            f"equal (ids, total up to 1,000): {pr['lists_same']}"
        )
    if "catch_up" in report:
        c = report["catch_up"]
        lines.append(
            f"\ncatch_up: {c['events_read']:,} events in {c['seconds']} s "
            f"(**{c['events_per_s']:,} events/s**), {c['new_cases']:,} of them new cases"
        )
    lines += ["", "## Slowest statements", ""]
    for row in t["rows"]:
        lines.append(f"- **{row['name']}** ({row['slowest_ms']} ms): `{row['slowest_sql'][:600]}`")
        lines += [f"    - {p}" for p in row.get("plan", [])[:30]]
    return "\n".join(lines)


def write_report(report: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{time.strftime('%Y%m%d-%H%M')}-stats-{report['cases_in_database']}"
    text = markdown(report)
    (RESULTS / f"{stem}.md").write_text(text)
    (RESULTS / f"{stem}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str)
    )
    print(text.split("## Slowest statements")[0])
    log(f"written: bench/results/{stem}.md and .json")


if __name__ == "__main__":
    main()
