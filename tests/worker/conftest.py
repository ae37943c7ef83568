"""Real `tousu worker` processes on the test database (a file on SQLite; PostgreSQL's test
database when DATABASE_URL is set), with the test-only jobs of tests/worker/jobs.py; with Redis
as their task queue for the tests that ask for `redis_queue`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TOUSU = Path(sys.executable).parent / "tousu"
TIMEOUT = 20.0

StartWorker = Callable[..., subprocess.Popen[str]]


def wait_for(condition: Callable[[], Any], what: str, timeout: float = TIMEOUT) -> Any:
    """Poll until `condition()` is true (and return it): never a sleep racing the clock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def query(sql: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


@pytest.fixture
def test_tables(reference_data: None) -> Iterator[None]:
    """The tables the test-only jobs write (Django's flush does not know them: dropped here)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE worker_ledger (item integer PRIMARY KEY, batch integer NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE worker_runs (started varchar(40) NOT NULL, finished varchar(40) NOT NULL,"
            " pid integer NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE worker_sends (outbox_id bigint NOT NULL, pid integer NOT NULL)"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE worker_ledger")
        cursor.execute("DROP TABLE worker_runs")
        cursor.execute("DROP TABLE worker_sends")


@pytest.fixture
def worker_env(test_tables: None, tmp_path: Path) -> dict[str, str]:
    keys = ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
    database = {key: connection.settings_dict[key] for key in keys}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOUSU_", "DJANGO_"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "tests.worker.subprocess_settings",
        "TOUSU_TEST_DATABASE": json.dumps(database),
        "TOUSU_TEST_MARK": str(tmp_path / "batch-in-progress"),
        "TOUSU_HOME": str(tmp_path),
        "TOUSU_WORKER_TICK": "0.05",
        "PYTHONPATH": str(ROOT),
    }


@pytest.fixture
def start_worker(worker_env: dict[str, str], tmp_path: Path) -> Iterator[StartWorker]:
    """`start_worker("--jobs", "ledger")`: a `tousu worker` process, its log in `proc.log_path`;
    any still running at the end are killed before the tables go."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        log_path = tmp_path / f"worker-{len(started)}.log"
        with log_path.open("w") as log:
            proc = subprocess.Popen(
                [str(TOUSU), "worker", *args],
                env=worker_env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )
        proc.log_path = log_path  # type: ignore[attr-defined]
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()


def log_of(proc: subprocess.Popen[str]) -> str:
    return Path(proc.log_path).read_text()  # type: ignore[attr-defined]


def stop(proc: subprocess.Popen[str]) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(TIMEOUT)


REDIS = "redis://127.0.0.1:6379/15"  # a Redis database for the tests alone


@dataclass(frozen=True)
class RedisQueue:
    url: str
    prefix: str  # the keys of this test's queue: none of another test run's


@pytest.fixture
def redis_queue(worker_env: dict[str, str]) -> Iterator[RedisQueue]:
    """The workers' task queue on Redis (`TOUSU_QUEUE`), in the tests' Redis database, under a
    key prefix of this test's own, its keys deleted afterwards: test runs at the same time (xdist,
    another checkout on the machine) never see each other's tasks. Without a Redis at
    127.0.0.1:6379 the test is skipped, saying so — except in CI (`CI` set): there it must be."""
    import redis

    client = redis.Redis.from_url(REDIS, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        reason = f"Redis is not reachable at {REDIS} ({exc}): the task queue's tests need it"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so it must be there", pytrace=False)
        pytest.skip(reason)
    queue = RedisQueue(REDIS, prefix=f"tousu-test-{uuid.uuid4().hex[:12]}")
    worker_env["TOUSU_QUEUE"] = queue.url
    worker_env["TOUSU_TEST_REDIS_PREFIX"] = queue.prefix
    yield queue
    keys = list(client.scan_iter(match=f"{queue.prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def queue_stats(settings: Any, queue: RedisQueue) -> dict[str, Any]:
    """The counts of the Redis queue the workers used (queued, running, finished tasks)."""
    from django_tasks_redis import executor

    # As tousu/settings.py configures it for TOUSU_QUEUE (this process has no TOUSU_QUEUE).
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "OPTIONS": {"REDIS_URL": queue.url, "REDIS_KEY_PREFIX": queue.prefix},
        }
    }
    stats: dict[str, Any] = executor.get_queue_stats()
    return stats


def due_messages(count: int) -> list[int]:
    """`count` SMS waiting in the outbox, due now; their ids."""
    from django.utils import timezone

    from tousu.notify.models import Outbox, Template

    Template.objects.update_or_create(
        code="accepted",
        channel="sms",
        language="zh-hans",
        defaults={"body": "您的诉求 {{ number }} 已受理"},
    )
    now = timezone.now()
    Outbox.objects.bulk_create(
        Outbox(
            dedupe_key=f"test:{i}",
            channel="sms",
            kind="accepted",
            address=f"138{i:08d}",
            template="accepted",
            context={"number": f"T{i:04d}"},
            next_attempt_at=now,
            created_at=now,
        )
        for i in range(count)
    )
    return sorted(Outbox.objects.values_list("pk", flat=True))
