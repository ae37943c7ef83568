"""`TOUSU_QUEUE` puts the task queue on Redis: a Redis URL is taken (nothing connects before a
task is queued or a worker starts); anything else, or beside `TOUSU_TASKS_BACKEND`, is refused
before the command starts, naming the variable."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.worker.conftest import ROOT, TOUSU


def tousu_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TOUSU_", "DJANGO_"))}
    environment.pop("DATABASE_URL", None)
    environment.update(TOUSU_HOME=str(tmp_path), **env)
    return subprocess.run(
        [str(TOUSU), "manage", "check"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_redis_url_is_taken(tmp_path: Path) -> None:
    result = tousu_check(tmp_path, TOUSU_QUEUE="redis://127.0.0.1:6379/0")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_queue_that_is_not_redis_is_refused_naming_the_variable(tmp_path: Path) -> None:
    result = tousu_check(tmp_path, TOUSU_QUEUE="amqp://127.0.0.1:5672")

    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: TOUSU_QUEUE must be a Redis URL (redis://host:6379/0), "
        "not 'amqp://127.0.0.1:5672'"
    ) in result.stderr


def test_a_queue_beside_another_tasks_backend_is_refused(tmp_path: Path) -> None:
    result = tousu_check(
        tmp_path,
        TOUSU_QUEUE="redis://127.0.0.1:6379/0",
        TOUSU_TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured: set TOUSU_QUEUE or TOUSU_TASKS_BACKEND, not both" in (
        result.stderr
    )
