"""Test-only periodic jobs, a task and SMS gateways, run by real `tousu worker` processes (see
subprocess_settings.py) and in-process by the tests."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

from tousu.notify.channels import Message
from tousu.notify.channels.log import LogBackend

LEDGER_ITEMS = 40
BATCH = 5
PAUSE = 0.15  # seconds each batch stays open: the test kills the worker in one of them

CALLS: list[datetime] = []


def append_ledger(now: datetime) -> int:
    """Append LEDGER_ITEMS rows in batches, each its own transaction; idempotent: a rerun goes on
    from what was committed, and the primary key refuses an item written twice."""
    mark = Path(os.environ["TOUSU_TEST_MARK"])
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM worker_ledger")
            done = cursor.fetchone()[0]
            if done >= LEDGER_ITEMS:
                return done
            batch = done // BATCH
            cursor.executemany(
                "INSERT INTO worker_ledger (item, batch) VALUES (%s, %s)",
                [(item, batch) for item in range(done, done + BATCH)],
            )
            # Inside the batch's transaction, before its commit; written whole (a reader polling
            # the file must never see it empty or half written).
            partial = mark.with_suffix(".partial")
            partial.write_text(str(batch))
            os.replace(partial, mark)
            time.sleep(PAUSE)


def record_run(now: datetime) -> None:
    """One row per run: when it was started (the `now` given), when it ended, by which process."""
    time.sleep(0.2)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO worker_runs (started, finished, pid) VALUES (%s, %s, %s)",
            [now.isoformat(), timezone.now().isoformat(), os.getpid()],
        )


def remember(now: datetime) -> int:
    CALLS.append(now)
    return len(CALLS)


def refuse(now: datetime) -> None:
    raise ValueError("the ledger is closed")


@task
def greet(name: str) -> str:
    return f"hello {name}"


SEND_PAUSE = 0.01  # seconds per message at the test gateway: a batch takes a while


class CountingGateway:
    """An SMS gateway that keeps every call — no idempotency key of its own, so a message sent
    twice shows as two rows of `worker_sends`, with the process that sent it."""

    def send(self, message: Message) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO worker_sends (outbox_id, pid) VALUES (%s, %s)",
                [message.outbox_id, os.getpid()],
            )
        time.sleep(SEND_PAUSE)


class StallingLogGateway(LogBackend):
    """The log backend, stalling after the first batch it has sent from a queued task, before
    the worker records it: the test kills the worker there (the mark file names the batch)."""

    def send_many(self, messages: Sequence[Message]) -> dict[int, Exception]:
        failures = super().send_many(messages)
        mark = Path(os.environ["TOUSU_TEST_MARK"])
        # Once only: the worker started after the kill finds the mark and does not stall.
        if threading.current_thread().name == "tousu-tasks" and not mark.exists():
            partial = mark.with_suffix(".partial")
            partial.write_text(",".join(str(m.outbox_id) for m in messages))
            os.replace(partial, mark)
            time.sleep(60)  # killed meanwhile
        return failures
