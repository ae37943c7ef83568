"""`tousu demo` runs a worker beside the web server: it stops when the demo stops, and goes by
itself if the demo is killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.worker.conftest import ROOT, wait_for
from tousu.worker.models import PeriodicJob
from tousu.worker.process import worker_beside


def _gone(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "State:\tZ" in status.read_text()


def test_the_worker_beside_the_demo_stops_with_it(
    worker_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in worker_env.items():
        monkeypatch.setenv(key, value)
    with worker_beside() as child:
        wait_for(lambda: PeriodicJob.objects.filter(name="ledger").exists(), "the worker")
        assert child.poll() is None
    assert child.returncode == 0


def test_the_worker_beside_a_killed_demo_goes_by_itself(worker_env: dict[str, str]) -> None:
    demo = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from tousu.worker.process import worker_beside\n"
            "with worker_beside() as child:\n"
            "    print(child.pid, flush=True); time.sleep(60)",
        ],
        env=worker_env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert demo.stdout is not None
    worker_pid = int(demo.stdout.readline())
    wait_for(lambda: PeriodicJob.objects.filter(name="ledger").exists(), "the worker")
    demo.send_signal(signal.SIGKILL)
    demo.wait()
    try:
        wait_for(lambda: _gone(worker_pid), "the orphaned worker to stop")
    finally:
        if not _gone(worker_pid):
            os.kill(worker_pid, signal.SIGKILL)
