"""Real `tousu worker` processes on the test database (a file on SQLite; PostgreSQL's test
database when DATABASE_URL is set), with the test-only jobs of tests/worker/jobs.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
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
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE worker_ledger")
        cursor.execute("DROP TABLE worker_runs")


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
