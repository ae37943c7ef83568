"""The `notify-deliver` job sends a batch itself and queues the next ones as tasks any worker
runs; each queued batch is reserved in the database and sent once, however often its task runs,
and a reservation no worker took in time comes back without costing an attempt."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from tests.conftest import MONDAY
from tousu.notify import tasks
from tousu.notify.delivery import deliver_due, deliver_reserved, reserve
from tousu.notify.models import Outbox, SentMessage, Template
from tousu.notify.tasks import deliver, deliver_batch

LEASE = timedelta(seconds=300)


@pytest.fixture
def seven_due(db: Any, settings: Any) -> list[int]:
    """Seven SMS due at MONDAY; batches of two, at most two of them queued."""
    settings.NOTIFY_BATCH_SIZE = 2
    settings.NOTIFY_QUEUED_BATCHES = 2
    Template.objects.update_or_create(
        code="accepted", channel="sms", language="zh-hans", defaults={"body": "{{ number }} 已受理"}
    )
    Outbox.objects.bulk_create(
        Outbox(
            dedupe_key=f"test:{i}",
            channel="sms",
            kind="accepted",
            address=f"138{i:08d}",
            template="accepted",
            context={"number": f"T{i}"},
            next_attempt_at=MONDAY,
            created_at=MONDAY,
        )
        for i in range(7)
    )
    return sorted(Outbox.objects.values_list("pk", flat=True))


def _states() -> list[tuple[str, int]]:
    return list(Outbox.objects.order_by("pk").values_list("state", "attempts"))


def _queued() -> list[list[str]]:
    return [
        row["args"]
        for row in DBTaskResult.objects.order_by("enqueued_at").values_list(
            "args_kwargs", flat=True
        )
    ]


def test_the_job_sends_a_batch_and_queues_the_next_ones_for_any_worker(
    seven_due: list[int],
) -> None:
    assert str(deliver(MONDAY)) == "sent 2, queued 4 in 2 tasks"
    assert _states() == [("sent", 1)] * 2 + [("sending", 0)] * 4 + [("pending", 0)]
    assert set(DBTaskResult.objects.values_list("task_path", "status")) == {
        ("tousu.notify.tasks.deliver_batch", "READY")
    }

    with time_machine.travel(MONDAY + timedelta(seconds=5), tick=False):
        assert [deliver_batch.call(*args) for args in _queued()] == [2, 2]
    assert _states() == [("sent", 1)] * 6 + [("pending", 0)]
    assert sorted(SentMessage.objects.values_list("outbox_id", flat=True)) == seven_due[:6]


def test_a_queued_batch_is_sent_once_however_often_its_task_runs(seven_due: list[int]) -> None:
    reservation, count = reserve(MONDAY, 2)
    assert count == 2

    assert deliver_reserved(reservation, MONDAY) == 2
    assert deliver_reserved(reservation, MONDAY) == 0  # the queue ran it again: nothing to send
    assert _states()[:2] == [("sent", 1)] * 2
    assert SentMessage.objects.count() == 2


def test_a_reservation_no_worker_took_comes_back_after_its_lease_without_costing_an_attempt(
    seven_due: list[int],
) -> None:
    reservation, _count = reserve(MONDAY, 2)
    assert deliver_due(MONDAY + LEASE, limit=7) == 5  # not the reserved two: another worker's
    assert _states()[:2] == [("sending", 0)] * 2
    assert deliver_due(MONDAY + LEASE + timedelta(seconds=1), limit=7) == 2

    assert _states() == [("sent", 1)] * 7
    assert deliver_reserved(reservation, MONDAY + LEASE * 2) == 0  # the late task finds nothing
    assert SentMessage.objects.count() == 7


def test_no_more_batches_are_queued_while_the_queued_ones_wait(seven_due: list[int]) -> None:
    deliver(MONDAY)
    assert str(deliver(MONDAY + timedelta(seconds=10))) == "sent 1, queued 0 in 0 tasks"
    assert len(_queued()) == 2
    assert _states() == [("sent", 1)] * 2 + [("sending", 0)] * 4 + [("sent", 1)]


class _Refusing:
    def enqueue(self, reservation: str) -> None:
        raise ConnectionError("Redis is down")


def test_when_the_queue_refuses_a_batch_the_job_sends_it_itself(
    seven_due: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "deliver_batch", _Refusing())
    assert str(deliver(MONDAY)) == "sent 4, queued 0 in 0 tasks"
    assert _states() == [("sent", 1)] * 4 + [("pending", 0)] * 3
