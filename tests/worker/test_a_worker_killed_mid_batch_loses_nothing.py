"""A worker killed with SIGKILL in the middle of a batch loses nothing and duplicates nothing:
the open batch rolls back, the job's lease runs out, and the next worker carries on from what
was committed."""

from __future__ import annotations

import signal
from pathlib import Path

from tests.worker.conftest import StartWorker, log_of, query, stop, wait_for
from tests.worker.jobs import BATCH, LEDGER_ITEMS
from tousu.worker.models import PeriodicJob


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing_on_restart(
    start_worker: StartWorker, worker_env: dict[str, str]
) -> None:
    mark = Path(worker_env["TOUSU_TEST_MARK"])
    first = start_worker("--jobs", "ledger", "--no-tasks")
    # Batch 2 is written but not committed: the worker sleeps inside its transaction.
    wait_for(lambda: mark.exists() and int(mark.read_text()) >= 2, "the third batch")
    first.send_signal(signal.SIGKILL)
    assert first.wait() == -signal.SIGKILL

    committed = query("SELECT COUNT(*) FROM worker_ledger")[0][0]
    assert committed % BATCH == 0  # whole batches only: the open one rolled back
    assert 2 * BATCH <= committed < LEDGER_ITEMS
    job = PeriodicJob.objects.get(name="ledger")
    assert job.lease_owner.split(":")[1] == str(first.pid)  # the dead worker's lease is still there
    assert job.runs == 0
    dead_lease = job.lease_until

    second = start_worker("--jobs", "ledger", "--no-tasks")
    wait_for(lambda: PeriodicJob.objects.get(name="ledger").runs == 1, "the rerun after the lease")
    assert stop(second) == 0

    rows = query("SELECT item, batch FROM worker_ledger ORDER BY item")
    assert rows == [(item, item // BATCH) for item in range(LEDGER_ITEMS)]
    job = PeriodicJob.objects.get(name="ledger")
    assert (job.runs, job.lease_owner, job.lease_until, job.last_error) == (1, "", None, "")
    # The second worker waited for the dead one's lease to run out before starting again.
    assert dead_lease is not None and job.last_started_at is not None
    assert job.last_started_at > dead_lease
    assert "job ledger ok in" in log_of(second)
    assert log_of(second).rstrip().endswith("stopped")
