"""Claiming, running and releasing periodic jobs. Time is passed in; the runner reads the clock.

A claim is one guarded UPDATE — the job is due and nobody holds a live lease — so of two workers
asking at once exactly one gets the row. Releasing is guarded by the owner: a worker whose lease
ran out (and was taken over) changes nothing when it finally finishes."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, Q
from django.utils.module_loading import import_string

from .jobs import Job
from .models import PeriodicJob

logger = logging.getLogger("tousu.worker")

ERROR_MAX_CHARS = 4000


@dataclass(frozen=True)
class Outcome:
    job: str
    ok: bool
    result: Any
    seconds: float


def sync_jobs(jobs: Iterable[Job], now: datetime) -> None:
    """Make the rows match the table: new jobs are due now, changed ones take their new interval
    and lease (their schedule and any running lease stay), removed ones go unless running."""
    jobs = list(jobs)
    PeriodicJob.objects.bulk_create(
        [
            PeriodicJob(
                name=job.name,
                path=job.path,
                every=job.every,
                lease_seconds=job.lease,
                next_run_at=now,
            )
            for job in jobs
        ],
        ignore_conflicts=True,  # another worker starting at the same time made them
    )
    for job in jobs:
        PeriodicJob.objects.filter(name=job.name).exclude(
            path=job.path, every=job.every, lease_seconds=job.lease
        ).update(path=job.path, every=job.every, lease_seconds=job.lease)
    PeriodicJob.objects.exclude(name__in=[job.name for job in jobs]).filter(
        lease_until__isnull=True
    ).delete()


def _free(now: datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def due_names(names: Iterable[str], now: datetime) -> list[str]:
    """The jobs worth trying to claim (one read per tick instead of one UPDATE per job)."""
    return list(
        PeriodicJob.objects.filter(
            _free(now), name__in=list(names), next_run_at__lte=now
        ).values_list("name", flat=True)
    )


def claim(job: Job, *, now: datetime, owner: str) -> bool:
    """Take the job's lease if it is due and free; False if not due or another worker holds it."""
    return (
        PeriodicJob.objects.filter(_free(now), name=job.name, next_run_at__lte=now).update(
            lease_until=now + timedelta(seconds=job.lease),
            lease_owner=owner,
            last_started_at=now,
        )
        == 1
    )


def release(job: Job, *, owner: str, started: datetime, finished: datetime, error: str) -> bool:
    """Give the lease back and schedule the next run one interval after this one started (a run
    longer than the interval is followed at once). False if the lease was no longer ours."""
    return (
        PeriodicJob.objects.filter(name=job.name, lease_owner=owner).update(
            lease_until=None,
            lease_owner="",
            next_run_at=started + timedelta(seconds=job.every),
            last_finished_at=finished,
            last_error=error[-ERROR_MAX_CHARS:],
            runs=F("runs") + 1,
        )
        == 1
    )


def run_claimed(
    job: Job,
    fn: Callable[[datetime], Any],
    *,
    now: datetime,
    owner: str,
    clock: Callable[[], datetime],
) -> Outcome:
    """Run a job this worker has claimed, release it, and log one line: result and duration."""
    began = time.monotonic()
    try:
        result, error = fn(now), ""
    except Exception as exc:
        result, error = f"{type(exc).__name__}: {exc}", traceback.format_exc()
    seconds = time.monotonic() - began
    kept = release(job, owner=owner, started=now, finished=clock(), error=error)
    if error:
        logger.error("job %s failed in %.2fs: %s", job.name, seconds, result)
    else:
        logger.info("job %s ok in %.2fs: %s", job.name, seconds, result)
    if not kept:
        logger.warning(
            "job %s outlived its lease of %ss: another worker may have run it meanwhile",
            job.name,
            job.lease,
        )
    return Outcome(job.name, not error, result, seconds)


def resolve(jobs: Iterable[Job]) -> dict[str, Callable[[datetime], Any]]:
    """Import every job's function; an ImportError names the job (the worker refuses to start)."""
    functions = {}
    for job in jobs:
        try:
            functions[job.name] = import_string(job.path)
        except ImportError as exc:
            raise ImportError(f"job {job.name}: cannot import {job.path} ({exc})") from exc
    return functions
