"""Beside the periodic jobs, `tousu worker` runs what the application queued with django.tasks
(the database backend by default), both as a long-running worker and with --once."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from tests.worker.conftest import StartWorker, log_of, stop, wait_for
from tests.worker.jobs import greet


def _finished(result_id: str) -> bool:
    return DBTaskResult.objects.get(pk=result_id).status == "SUCCESSFUL"


def test_the_running_worker_runs_a_queued_task(start_worker: StartWorker) -> None:
    queued = greet.enqueue("clerk")
    worker = start_worker("--jobs", "ledger")
    wait_for(lambda: _finished(queued.id), "the task")
    assert stop(worker) == 0
    queued.refresh()
    assert queued.return_value == "hello clerk"
    assert f"Task id={queued.id} path=tests.worker.jobs.greet state=SUCCESSFUL" in log_of(worker)


def test_once_runs_the_queued_tasks_and_exits(start_worker: StartWorker) -> None:
    first, second = greet.enqueue("clerk"), greet.enqueue("dispatcher")
    assert start_worker("--once", "--jobs", "ledger").wait(20) == 0
    assert _finished(first.id) and _finished(second.id)
