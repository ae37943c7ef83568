"""Redis as the task queue: two `tousu worker`s at once share the delivery of a backlog — the
`notify-deliver` job (one worker at a time) queues batches, both workers' task threads send them —
and no message is sent twice: each batch is taken over in the database by one guarded update."""

from __future__ import annotations

import subprocess
from functools import partial
from typing import Any

from tests.worker.conftest import (
    RedisQueue,
    StartWorker,
    due_messages,
    log_of,
    query,
    queue_stats,
    stop,
    wait_for,
)
from tousu.notify.models import Outbox

MESSAGES = 300  # 30 batches of 10 (subprocess_settings.py), each message 10 ms at the gateway


def _on_redis(worker: subprocess.Popen[str]) -> bool:
    return "task queue: Redis" in log_of(worker)


def test_two_workers_on_redis_send_every_message_once_between_them(
    start_worker: StartWorker, worker_env: dict[str, str], redis_queue: RedisQueue, settings: Any
) -> None:
    worker_env["TOUSU_SMS_BACKEND"] = "tests.worker.jobs.CountingGateway"
    workers = [start_worker("--jobs", "notify-deliver") for _ in range(2)]
    for worker in workers:
        wait_for(partial(_on_redis, worker), "the worker on Redis")
    ids = due_messages(MESSAGES)

    wait_for(lambda: Outbox.objects.filter(state="sent").count() == MESSAGES, "every message sent")
    assert [stop(worker) for worker in workers] == [0, 0]

    sends = query("SELECT outbox_id, pid FROM worker_sends ORDER BY outbox_id")
    assert [outbox_id for outbox_id, _pid in sends] == ids  # each message once, none twice
    assert {pid for _outbox_id, pid in sends} == {worker.pid for worker in workers}
    assert set(Outbox.objects.values_list("state", "attempts", "claim")) == {("sent", 1, "")}
    stats = queue_stats(settings, redis_queue)
    assert (stats["pending_count"], stats["running_count"], stats["failed_count"]) == (0, 0, 0)
    assert stats["successful_count"] >= 1  # the batches went through the queue
    assert "queued" in "".join(log_of(worker) for worker in workers)
