"""A worker as a child process of another command (`tousu demo`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

STOP_TIMEOUT = 30  # seconds for the current job to finish after SIGTERM


@contextmanager
def worker_beside() -> Iterator[subprocess.Popen[bytes]]:
    """`tousu worker` running for as long as the block does; stopped with SIGTERM after it (and
    gone by itself if this process is killed: it watches its parent)."""
    # Its own session: Ctrl+C in the terminal reaches the demo only, which then stops the worker
    # with one SIGTERM (a second signal would make the worker leave mid-job).
    child = subprocess.Popen(
        [sys.executable, "-m", "tousu.cli", "worker", "--parent-pid", str(os.getpid())],
        start_new_session=True,
    )
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
