"""`TOUSU_CACHE` gives every process one cache on Redis (the portal's rate limits and lockouts,
the caches an admin edit clears must be shared once there are several processes): a Redis URL is
used — a value set by one process is read by another — and anything else is refused before the
command starts, naming the variable."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.worker.conftest import REDIS, ROOT, TOUSU


def tousu(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TOUSU_", "DJANGO_"))}
    environment.pop("DATABASE_URL", None)
    environment.update(TOUSU_HOME=str(tmp_path), **env)
    return subprocess.run(
        [str(TOUSU), "manage", *args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        reason = f"Redis is not reachable at {REDIS} ({exc}): the shared cache's test needs it"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so it must be there", pytrace=False)
        pytest.skip(reason)


def test_two_processes_share_the_cache_on_redis(tmp_path: Path) -> None:
    redis_or_skip()
    key = f"tousu-test-{uuid.uuid4().hex[:12]}"
    write = f"from django.core.cache import cache; cache.set('{key}', '值班', 60)"
    read = f"from django.core.cache import cache; print(cache.get('{key}')); cache.delete('{key}')"

    first = tousu(tmp_path, "shell", "-c", write, TOUSU_CACHE=REDIS)
    second = tousu(tmp_path, "shell", "-c", read, TOUSU_CACHE=REDIS)

    assert first.returncode == 0, first.stderr
    assert (second.returncode, second.stdout.splitlines()[-1]) == (0, "值班"), second.stderr


def test_a_cache_that_is_not_redis_is_refused_naming_the_variable(tmp_path: Path) -> None:
    result = tousu(tmp_path, "check", TOUSU_CACHE="memcached://127.0.0.1:11211")

    assert result.returncode != 0
    assert "TOUSU_CACHE must be a Redis URL" in result.stderr
