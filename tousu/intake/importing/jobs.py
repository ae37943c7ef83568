"""An import uploaded in the workbench: checked at once (the preview), imported in the background.

1. `upload` reads and checks the file and keeps its rows sealed in an `ImportJob` (READY).
2. `confirm` queues it (READY → QUEUED, by a guarded update: a double click queues once) and
   the view enqueues the task `tasks.run_import`, which `tousu worker` runs.
3. `run` claims it (QUEUED → RUNNING), checks every row again (a category may have closed since
   the preview) and registers the good ones as the uploader, one transaction per row with the
   job's counts, then DONE. A worker killed mid-way leaves it RUNNING with a heartbeat that stops
   moving: after STALE_AFTER the page offers to resume, and the rows already registered are
   recognised (`running.import_row`), so nothing is registered twice and the counts stay exact.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext

from tousu.cases.errors import Forbidden, InvalidInput
from tousu.cases.registration import centre_for
from tousu.orgs.models import Unit

from .batch import check_rows
from .checking import Checked
from .models import ImportJob, ImportState
from .reading import Row, read_table
from .running import IMPORTED, REJECTED, SKIPPED, RowOutcome, import_row, imported_before

log = logging.getLogger("tousu.intake")

STALE_AFTER = timedelta(minutes=5)
PREVIEW_FIRST = 20  # the preview shows the first rows…
PREVIEW_MAX_BAD = 200  # …and the rows with problems, up to this many (the report has them all)


# --- the sealed rows --------------------------------------------------------------------------


def pack_rows(rows: list[Row]) -> str:
    """The rows as the text `ImportJob.rows` seals: JSON, compressed (the cells of 10,000 rows
    are a few MB), base64."""
    plain = json.dumps([[r.number, r.values] for r in rows], ensure_ascii=False)
    return base64.b64encode(zlib.compress(plain.encode(), 6)).decode()


def open_rows(job: ImportJob) -> list[Row]:
    if not job.rows:
        return []
    plain = zlib.decompress(base64.b64decode(job.rows))
    return [Row(number, values) for number, values in json.loads(plain)]


# --- upload and preview -----------------------------------------------------------------------


def upload(data: bytes, name: str, *, user: Any, centre: Unit, now: datetime) -> ImportJob:
    """Read and check the file; keep it as a READY job. Raises `reading.FileProblem`."""
    prune(now)
    table = read_table(data, name, max_rows=settings.TOUSU_IMPORT_MAX_ROWS)
    checked = check_rows(table.rows, centre=centre.code, now=now)
    earlier = imported_before(checked)
    problems = {str(c.row.number): c.problems for c in checked if not c.ok}
    token = secrets.token_hex(16)
    return ImportJob.objects.create(
        token=token,
        created_by=user,
        centre=centre,
        file_name=name[-200:],
        file_kind=table.kind,
        created_at=now,
        total=len(checked),
        valid=len(checked) - len(problems) - len(earlier),
        skipped=len(earlier),
        rejected=len(problems),
        headers=[[key, header] for key, header in table.headers.items()],
        ignored=table.ignored,
        problems=problems,
        earlier={str(row): case for row, case in earlier.items()},
        rows=pack_rows(table.rows),
    )


@dataclass(frozen=True)
class Cell:
    key: str
    text: str
    problems: list[str]


@dataclass(frozen=True)
class PreviewRow:
    number: int
    cells: list[Cell]
    # Problems of columns the file does not have ("a name or a phone is required").
    other: list[str] = field(default_factory=list)
    earlier: int | None = None  # the case this row was imported as before

    @property
    def bad(self) -> bool:
        return bool(self.other) or any(c.problems for c in self.cells)


def preview(job: ImportJob) -> tuple[list[PreviewRow], int]:
    """The first rows and the rows with problems (at most PREVIEW_MAX_BAD of them), each cell
    with its problems; and how many rows with problems are left out."""
    keys = [key for key, _header in job.headers]
    shown: list[PreviewRow] = []
    bad_left_out = 0
    bad_shown = 0
    for index, row in enumerate(open_rows(job)):
        problems = job.problems.get(str(row.number), {})
        if index >= PREVIEW_FIRST and not problems:
            continue
        if problems and bad_shown >= PREVIEW_MAX_BAD:
            bad_left_out += 1
            continue
        bad_shown += bool(problems)
        cells = [Cell(k, row.values.get(k, ""), problems.get(k, [])) for k in keys]
        other = [
            f"{column_label(job, column)}: {message}"
            for column, messages in problems.items()
            if column not in row.values
            for message in messages
        ]
        shown.append(PreviewRow(row.number, cells, other, job.earlier.get(str(row.number))))
    return shown, bad_left_out


def column_label(job: ImportJob, key: str) -> str:
    """The column as the file names it, else its canonical name."""
    return dict(job.headers).get(key, key)


def discard(job: ImportJob) -> bool:
    """Drop a job not yet confirmed (its sealed rows with it)."""
    deleted, _ = ImportJob.objects.filter(pk=job.pk, state=ImportState.READY).delete()
    return bool(deleted)


def prune(now: datetime) -> int:
    """Forget old jobs: previews never confirmed after a day, the rest after
    TOUSU_IMPORT_KEEP_DAYS (the imported cases stay, of course)."""
    keep = timedelta(days=settings.TOUSU_IMPORT_KEEP_DAYS)
    deleted, _ = (
        ImportJob.objects.filter(
            Q(state=ImportState.READY, created_at__lt=now - timedelta(days=1))
            | Q(created_at__lt=now - keep)
        )
        .exclude(state__in=(ImportState.QUEUED, ImportState.RUNNING))
        .delete()
    )
    return deleted


# --- confirm and run --------------------------------------------------------------------------


def resumable(job: ImportJob, now: datetime) -> bool:
    """A running job whose worker stopped (no heartbeat for STALE_AFTER), or a failed one."""
    if job.state == ImportState.FAILED:
        return True
    return (
        job.state == ImportState.RUNNING
        and job.heartbeat_at is not None
        and job.heartbeat_at < now - STALE_AFTER
    )


def confirm(job: ImportJob, now: datetime) -> bool:
    """READY (or resumable) → QUEUED; False when someone queued it first, or it is done."""
    startable = Q(state=ImportState.READY) | Q(state=ImportState.FAILED)
    stale = Q(state=ImportState.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    return bool(
        ImportJob.objects.filter(startable | stale, pk=job.pk).update(
            state=ImportState.QUEUED, error=""
        )
    )


def unqueue(job: ImportJob, error: str) -> None:
    """The task queue refused the job: back to FAILED, to be tried again from the page."""
    ImportJob.objects.filter(pk=job.pk, state=ImportState.QUEUED).update(
        state=ImportState.FAILED, error=error[:200]
    )


def run(job_id: int, *, clock: Callable[[], datetime]) -> str:
    """The background task's work: import a QUEUED job. Returns a short outcome for the log."""
    now = clock()
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        processed=0,
        imported=0,
        skipped=0,
        rejected=0,
        error="",
    )
    if not claimed:
        return "not queued"
    job = ImportJob.objects.select_related("created_by", "centre").get(pk=job_id)
    try:
        summary = _import(job, clock)
    except (Forbidden, InvalidInput) as refused:
        _fail(job, clock(), refused.message)
        return "refused"
    except Exception as exc:
        # The class only: a database error's message may quote a row's values.
        log.error("import job %s failed: %s", job.pk, type(exc).__name__)
        _fail(job, clock(), gettext("the import stopped on an error; try again"))
        return "failed"
    log.info("import job %s done: %s", job.pk, summary)
    return summary


def _import(job: ImportJob, clock: Callable[[], datetime]) -> str:
    actor = job.created_by
    centre_for(actor, job.centre.code)  # the uploader may still register cases there
    rows = open_rows(job)
    checked = check_rows(rows, centre=job.centre.code, now=clock())
    problems = {str(c.row.number): c.problems for c in checked if not c.ok}
    valid = [c for c in checked if c.ok]
    ImportJob.objects.filter(pk=job.pk).update(
        valid=len(valid), rejected=len(problems), problems=problems, earlier={}
    )

    def counted(status: str) -> None:
        column = {IMPORTED: "imported", SKIPPED: "skipped", REJECTED: "rejected"}[status]
        ImportJob.objects.filter(pk=job.pk).update(
            **{column: F(column) + 1},
            processed=F("processed") + 1,
            heartbeat_at=clock(),
        )

    earlier: dict[str, int] = {}
    for row in valid:
        outcome = _one(job, row, actor, clock, counted)
        if outcome.status == REJECTED:
            problems[str(outcome.row)] = outcome.problems
        elif outcome.status == SKIPPED and outcome.case_id is not None:
            earlier[str(outcome.row)] = outcome.case_id
    # Only the rows the error report needs stay sealed in the job.
    kept = [r for r in rows if str(r.number) in problems]
    with transaction.atomic():
        job.rows = pack_rows(kept) if kept else ""
        job.save(update_fields=["rows"])
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportState.DONE, finished_at=clock(), problems=problems, earlier=earlier
        )
    job.refresh_from_db()
    return f"imported={job.imported} skipped={job.skipped} rejected={job.rejected}"


def _one(
    job: ImportJob,
    row: Checked,
    actor: Any,
    clock: Callable[[], datetime],
    counted: Callable[[str], None],
) -> RowOutcome:
    note = f"import job {job.pk} row {row.row.number}"
    return import_row(row, actor=actor, now=clock(), note=note, counted=counted)


def _fail(job: ImportJob, now: datetime, error: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportState.FAILED, finished_at=now, error=error[:200]
    )
