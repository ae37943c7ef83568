"""`tousu worker`: the periodic jobs in the main thread, the task queue's worker (django.tasks in
the database, or on Redis with TOUSU_QUEUE) in a second thread of the same process.

Why a thread and not alternating in one loop: a long supervision pass must not hold up the tasks
the web requests enqueue, nor a slow task the jobs. Each thread has its own database connection.
SIGTERM or SIGINT stops both after what they are running now (the current job, the current
task); a second signal leaves at once, which is as safe as SIGKILL: every job's batches are
transactions of their own, and the leases run out."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from . import scheduler
from .jobs import Job

logger = logging.getLogger("tousu.worker")


def worker_id() -> str:
    """Unique across the pool, and readable in the admin: host, pid, a random tail."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def task_worker(owner: str, *, batch: bool) -> Any | None:
    """The worker of the configured task queue — django-tasks-db's over every queue, or the Redis
    one (`redis_queue.py`) — or None when tasks go to a backend with workers of its own."""
    from django.tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.management.commands.db_worker import Worker

    from .redis_queue import RedisTaskWorker, is_redis

    backend = task_backends["default"]
    if is_redis(backend):
        return RedisTaskWorker(backend, owner=owner, batch=batch, wait=settings.TOUSU_WORKER_TICK)
    if not isinstance(backend, DatabaseBackend):
        logger.info(
            "tasks go to %s: this worker runs the periodic jobs only", type(backend).__name__
        )
        return None
    return Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=settings.TOUSU_WORKER_TICK,
        batch=batch,
        backend_name=backend.alias,
        startup_delay=False,
        max_tasks=None,
        worker_id=owner[:64],
    )


class TaskThread(threading.Thread):
    def __init__(self, worker: Any) -> None:
        super().__init__(name="tousu-tasks", daemon=True)
        self.worker = worker
        self.failed = False

    def run(self) -> None:
        try:
            self.worker.run()
        except Exception:
            logger.exception("the task worker stopped")
            self.failed = True
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.worker.running = False  # it finishes the task it is running, then leaves


class Runner:
    def __init__(
        self,
        jobs: Sequence[Job],
        *,
        selected: Sequence[Job],
        tasks: bool = True,
        clock: Callable[[], datetime] = timezone.now,
        parent_pid: int | None = None,
    ) -> None:
        self.jobs = list(jobs)
        self.selected = {job.name: job for job in selected}
        self.functions = scheduler.resolve(selected)
        self.tasks = tasks
        self.clock = clock
        self.parent_pid = parent_pid
        self.owner = worker_id()
        self.stopping = threading.Event()

    def run_due(self) -> list[scheduler.Outcome]:
        outcomes = []
        due = set(scheduler.due_names(self.selected, self.clock()))
        # In the table's order: what supervision writes is fanned out and delivered in one tick.
        for name in [name for name in self.selected if name in due]:
            if self.stopping.is_set():
                break
            job, now = self.selected[name], self.clock()
            if scheduler.claim(job, now=now, owner=self.owner):
                outcomes.append(
                    scheduler.run_claimed(
                        job, self.functions[name], now=now, owner=self.owner, clock=self.clock
                    )
                )
        return outcomes

    def once(self) -> list[scheduler.Outcome]:
        """Each due job once, then every queued task; for cron and tests."""
        scheduler.sync_jobs(self.jobs, self.clock())
        outcomes = self.run_due()
        worker = task_worker(self.owner, batch=True) if self.tasks else None
        if worker is not None:
            worker.run()
        return outcomes

    def forever(self) -> int:
        """Until SIGTERM/SIGINT (or the parent process is gone); 1 if the task thread died."""
        previous = {
            sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        scheduler.sync_jobs(self.jobs, self.clock())
        worker = task_worker(self.owner, batch=False) if self.tasks else None
        thread = TaskThread(worker) if worker is not None else None
        if thread is not None:
            thread.start()
        logger.info("worker %s started: jobs %s", self.owner, ", ".join(self.selected) or "none")
        try:
            while not self.stopping.is_set():
                self._tick()
                if thread is not None and not thread.is_alive():
                    return 1
                if self.parent_pid is not None and os.getppid() != self.parent_pid:
                    logger.info("the process that started this worker is gone: stopping")
                    break
                self.stopping.wait(settings.TOUSU_WORKER_TICK)
        finally:
            if thread is not None:
                thread.stop()
                thread.join()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            connections.close_all()
        logger.info("worker %s stopped", self.owner)
        return 1 if thread is not None and thread.failed else 0

    def _tick(self) -> None:
        close_old_connections()
        try:
            self.run_due()
        except DatabaseError:
            # The database went away or is locked: try again next tick on a new connection.
            logger.exception("the periodic jobs could not reach the database")
            connections.close_all()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping.is_set():
            raise SystemExit(1)  # asked twice: leave now, the leases run out
        logger.info("%s: stopping after the current job", signal.strsignal(signum))
        self.stopping.set()
