"""A worker killed with SIGKILL while its task thread sends a batch queued on Redis loses nothing
and repeats nothing to the recipient: the rows it held stay claimed until their lease runs out,
its task is taken over by the next worker (and finds its batch gone), and a row sent but not yet
recorded is sent again under its outbox id, which the log backend recognises and skips."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

from tests.worker.conftest import (
    RedisQueue,
    StartWorker,
    due_messages,
    log_of,
    queue_stats,
    stop,
    wait_for,
)
from tousu.notify.models import Outbox, SentMessage

MESSAGES = 60


def test_a_worker_killed_mid_delivery_on_redis_loses_nothing_and_repeats_nothing(
    start_worker: StartWorker, worker_env: dict[str, str], redis_queue: RedisQueue, settings: Any
) -> None:
    worker_env["TOUSU_SMS_BACKEND"] = "tests.worker.jobs.StallingLogGateway"
    worker_env["TOUSU_TEST_CLAIM_SECONDS"] = "4"  # the lease of the rows, the claim of the task
    mark = Path(worker_env["TOUSU_TEST_MARK"])
    ids = due_messages(MESSAGES)

    first = start_worker("--jobs", "notify-deliver")
    # A queued batch is sent (its SentMessage rows committed) and not yet recorded in the outbox.
    wait_for(mark.exists, "a queued batch sent and not recorded")
    first.send_signal(signal.SIGKILL)
    assert first.wait() == -signal.SIGKILL
    stalled = {int(outbox_id) for outbox_id in mark.read_text().split(",")}
    at_kill = list(Outbox.objects.values_list("pk", "state", "attempts"))
    held = {pk for pk, state, _attempts in at_kill if state == "sending"}
    logged = set(SentMessage.objects.values_list("outbox_id", flat=True))
    assert stalled <= held & logged  # sent, not recorded

    second = start_worker("--jobs", "notify-deliver")
    wait_for(lambda: Outbox.objects.filter(state="sent").count() == MESSAGES, "every message")
    wait_for(lambda: queue_stats(settings, redis_queue)["running_count"] == 0, "the dead task")
    assert stop(second) == 0

    assert sorted(SentMessage.objects.values_list("outbox_id", flat=True)) == ids
    # One more attempt for each row not sent at the kill (a claim or reservation of the dead
    # worker taken again once its lease ran out, or a row still waiting), none for the others.
    assert dict(Outbox.objects.values_list("pk", "attempts")) == {
        pk: attempts + (state != "sent") for pk, state, attempts in at_kill
    }
    # The rows sent and not recorded went to the log backend again, which recognised each.
    assert log_of(second).count("again: already sent, not repeated") == len(held & logged)
    assert "took over 1 task(s) of a worker that stopped" in log_of(second)
    stats = queue_stats(settings, redis_queue)
    assert (stats["pending_count"], stats["running_count"], stats["failed_count"]) == (0, 0, 0)
