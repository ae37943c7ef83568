"""The lease: one guarded UPDATE gives a due job to exactly one worker; it keeps the others out
until it is given back or runs out, and a worker that lost it changes nothing when it ends."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.conftest import MONDAY
from tousu.worker import scheduler
from tousu.worker.jobs import Job
from tousu.worker.models import PeriodicJob

JOB = Job("ledger", "tests.worker.jobs.remember", every=60, lease=30)


def _row() -> PeriodicJob:
    return PeriodicJob.objects.get(name=JOB.name)


def test_of_two_workers_asking_for_a_due_job_at_once_only_the_first_gets_it(db: Any) -> None:
    scheduler.sync_jobs([JOB], MONDAY)
    assert scheduler.claim(JOB, now=MONDAY, owner="worker-a") is True
    assert scheduler.claim(JOB, now=MONDAY, owner="worker-b") is False
    row = _row()
    assert (row.lease_owner, row.lease_until, row.last_started_at) == (
        "worker-a",
        MONDAY + timedelta(seconds=30),
        MONDAY,
    )


def test_a_lease_keeps_others_out_until_it_runs_out(db: Any) -> None:
    scheduler.sync_jobs([JOB], MONDAY)
    scheduler.claim(JOB, now=MONDAY, owner="killed-worker")
    assert scheduler.claim(JOB, now=MONDAY + timedelta(seconds=30), owner="worker-b") is False
    assert scheduler.claim(JOB, now=MONDAY + timedelta(seconds=31), owner="worker-b") is True
    assert _row().lease_owner == "worker-b"


def test_a_released_job_waits_one_interval_from_its_start(db: Any) -> None:
    scheduler.sync_jobs([JOB], MONDAY)
    scheduler.claim(JOB, now=MONDAY, owner="worker-a")
    finished = MONDAY + timedelta(seconds=5)
    assert scheduler.release(JOB, owner="worker-a", started=MONDAY, finished=finished, error="")
    row = _row()
    assert (row.lease_owner, row.lease_until, row.runs, row.last_finished_at) == (
        "",
        None,
        1,
        finished,
    )
    assert row.next_run_at == MONDAY + timedelta(seconds=60)
    assert scheduler.claim(JOB, now=MONDAY + timedelta(seconds=59), owner="worker-b") is False
    assert scheduler.claim(JOB, now=MONDAY + timedelta(seconds=60), owner="worker-b") is True


def test_a_worker_whose_lease_was_taken_over_changes_nothing_when_it_finishes(db: Any) -> None:
    scheduler.sync_jobs([JOB], MONDAY)
    scheduler.claim(JOB, now=MONDAY, owner="slow-worker")
    later = MONDAY + timedelta(seconds=31)
    scheduler.claim(JOB, now=later, owner="worker-b")
    before = _row()
    kept = scheduler.release(JOB, owner="slow-worker", started=MONDAY, finished=later, error="late")
    assert kept is False
    after = _row()
    assert (after.lease_owner, after.lease_until, after.runs, after.last_error) == (
        "worker-b",
        before.lease_until,
        0,
        "",
    )
    assert after.next_run_at == before.next_run_at
