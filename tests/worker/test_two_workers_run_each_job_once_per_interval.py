"""Two workers at once: each run of a job happens once, never two at a time, and a run starts no
sooner than one interval after the one before — whichever worker wins the claim."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from tests.worker.conftest import StartWorker, query, stop, wait_for
from tousu.worker.models import PeriodicJob

RUNS = 4


def test_two_workers_at_once_run_the_job_once_per_interval_and_never_together(
    start_worker: StartWorker,
) -> None:
    workers = [start_worker("--jobs", "tick", "--no-tasks") for _ in range(2)]
    wait_for(lambda: query("SELECT COUNT(*) FROM worker_runs")[0][0] >= RUNS, f"{RUNS} runs")
    assert [stop(worker) for worker in workers] == [0, 0]

    runs = [
        (datetime.fromisoformat(started), datetime.fromisoformat(finished))
        for started, finished in query("SELECT started, finished FROM worker_runs ORDER BY started")
    ]
    job = PeriodicJob.objects.get(name="tick")
    assert job.runs == len(runs)  # every run finished and counted once
    assert (job.lease_owner, job.lease_until) == ("", None)
    for (started, finished), (next_started, _) in pairwise(runs):
        assert next_started - started >= timedelta(seconds=job.every)  # once per interval
        assert next_started >= finished  # never two at a time
    assert job.next_run_at == runs[-1][0] + timedelta(seconds=job.every)
