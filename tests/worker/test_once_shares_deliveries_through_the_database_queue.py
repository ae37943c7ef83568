"""With the task queue in the database (the default), sharing delivery works too: one
`tousu worker --once` runs the `notify-deliver` job, which sends a batch and queues the next
ones, then the tasks it queued — every message sent, once."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from tests.worker.conftest import StartWorker, due_messages, log_of
from tousu.notify.models import Outbox, SentMessage


def test_once_sends_a_batch_then_runs_the_batches_it_queued(
    start_worker: StartWorker, worker_env: dict[str, str]
) -> None:
    worker_env["TOUSU_NOTIFY_QUEUED_BATCHES"] = "3"  # batches of 10 (subprocess_settings.py)
    ids = due_messages(40)

    worker = start_worker("--once", "--jobs", "notify-deliver")
    assert worker.wait(20) == 0, log_of(worker)

    assert "job notify-deliver ok in" in log_of(worker)
    assert ": sent 10, queued 30 in 3 tasks" in log_of(worker)
    assert set(Outbox.objects.values_list("state", "attempts")) == {("sent", 1)}
    assert sorted(SentMessage.objects.values_list("outbox_id", flat=True)) == ids
    assert (
        list(DBTaskResult.objects.values_list("task_path", "status", "return_value"))
        == [("tousu.notify.tasks.deliver_batch", "SUCCESSFUL", 10)] * 3
    )
