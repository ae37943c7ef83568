"""`tousu worker --once` (for cron and for tests): each due job once, given the time, one log
line per run with its result and duration; a failing job is recorded and the others still run;
what cannot run is refused before anything is claimed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from tests.conftest import MONDAY
from tests.worker import jobs as test_jobs
from tousu.cli import main
from tousu.worker.jobs import Job
from tousu.worker.models import PeriodicJob

REMEMBER = Job("remember", "tests.worker.jobs.remember", every=60, lease=30)
REFUSE = Job("refuse", "tests.worker.jobs.refuse", every=600, lease=30)


@pytest.fixture
def test_jobs_only(db: Any, settings: Any) -> Iterator[None]:
    settings.TOUSU_WORKER_JOBS = [REFUSE, REMEMBER]
    test_jobs.CALLS.clear()
    with time_machine.travel(MONDAY, tick=False):
        yield


def _lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The log lines on stderr (`tousu` sets up logging itself, replacing caplog's handler)."""
    return [
        re.sub(r"in \d+\.\d\ds", "in …s", line) for line in capsys.readouterr().err.splitlines()
    ]


def test_once_runs_each_due_job_once_with_the_time_and_logs_it(
    test_jobs_only: None, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["worker", "--once", "--no-tasks", "--jobs", "remember"])
    main(["worker", "--once", "--no-tasks", "--jobs", "remember"])  # not due again yet
    assert test_jobs.CALLS == [MONDAY]
    assert _lines(capsys) == ["job remember ok in …s: 1"]
    row = PeriodicJob.objects.get(name="remember")
    assert (row.runs, row.next_run_at, row.lease_owner, row.last_error) == (
        1,
        MONDAY + timedelta(seconds=60),
        "",
        "",
    )


def test_a_failing_job_is_recorded_and_the_next_job_still_runs(
    test_jobs_only: None, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["worker", "--once", "--no-tasks"])
    assert _lines(capsys) == [
        "job refuse failed in …s: ValueError: the ledger is closed",
        "job remember ok in …s: 1",
    ]
    row = PeriodicJob.objects.get(name="refuse")
    assert (row.runs, row.next_run_at, row.lease_owner, row.lease_until) == (
        1,
        MONDAY + timedelta(seconds=600),  # tried again next interval, not in a tight loop
        "",
        None,
    )
    assert row.last_error.startswith("Traceback")
    assert row.last_error.rstrip().endswith("ValueError: the ledger is closed")


def test_an_unknown_job_name_is_refused_naming_the_jobs(test_jobs_only: None) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["worker", "--once", "--no-tasks", "--jobs", "remember,supervize"])
    assert refused.value.code == "tousu worker: no job named supervize (the jobs: refuse, remember)"
    assert test_jobs.CALLS == []
    assert not PeriodicJob.objects.exists()


def test_a_job_whose_function_does_not_import_stops_the_worker_before_it_starts(
    test_jobs_only: None, settings: Any
) -> None:
    settings.TOUSU_WORKER_JOBS = [REMEMBER, Job("missing", "tests.worker.jobs.nowhere", every=60)]
    with pytest.raises(SystemExit) as refused:
        main(["worker", "--once", "--no-tasks"])
    assert str(refused.value.code).startswith(
        "tousu worker: job missing: cannot import tests.worker.jobs.nowhere"
    )
    assert test_jobs.CALLS == []
    assert not PeriodicJob.objects.exists()


def test_once_on_a_quiet_centre_runs_every_real_job_in_the_tables_order(
    db: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        main(["worker", "--once", "--no-tasks"])
    assert [line.split(" in ")[0] for line in _lines(capsys)] == [
        "job supervise ok",
        "job notify-fanout ok",
        "job stats-update ok",
        "job notify-deliver ok",
        "job notify-digest ok",
        "job prune-task-results ok",
        "job callback-recheck ok",
        "job platform-webhook ok",
        "job api-idempotency-prune ok",
        "job mail-poll ok",
        "job assessment-freeze ok",
    ]
    assert set(PeriodicJob.objects.values_list("runs", "last_error")) == {(1, "")}
