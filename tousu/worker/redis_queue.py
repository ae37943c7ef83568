"""The task queue on Redis (TOUSU_QUEUE): django-tasks-redis's worker loop, run by `tousu worker`.

The library's own command (`run_redis_tasks`) cannot run in the worker's task thread: it installs
signal handlers, which only the main thread may. This loop is built from the library's public
`executor` functions instead, in the shape of django-tasks-db's worker — `run()` until `running`
is set to False (the task running then is finished first), or, for `--once`, until the queue is
empty — so `runner.py` treats both queues alike.

Each worker reads the streams as its own consumer (its worker id) in the library's consumer
group: a task goes to exactly one worker. A worker killed mid-task leaves its message pending;
every worker sweeps now and then for messages pending longer than REDIS_CLAIM_TIMEOUT and runs
them again (at-least-once, like the database queue): Tousu's tasks guard their effects in the
database, not by the queue.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import close_old_connections
from django_tasks_redis import RedisTaskBackend, executor
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("tousu.worker")

RETRY_AFTER = 5.0  # seconds to wait when Redis cannot be reached


def is_redis(backend: Any) -> bool:
    return isinstance(backend, RedisTaskBackend)


class RedisTaskWorker:
    def __init__(self, backend: RedisTaskBackend, *, owner: str, batch: bool, wait: float) -> None:
        self.backend = backend
        self.consumer = owner
        self.batch = batch
        # How long one read waits for a task: a stop is noticed within it.
        self.block_ms = max(1, round(wait * 1000))
        self.running = True  # set to False from the main thread: stop after the current task
        # How often to look for the tasks of dead workers: a few times per claim timeout (at
        # most every minute), so a task is taken over soon after its claim ran out.
        self.sweep_every = min(60.0, max(0.5, backend.claim_timeout / 4))

    def run(self) -> None:
        logger.info("task queue: Redis, consumer %s", self.consumer)
        next_sweep = 0.0  # at once: a restarted worker takes over what a killed one left
        try:
            while self.running:
                try:
                    if time.monotonic() >= next_sweep:
                        self._sweep()
                        next_sweep = time.monotonic() + self.sweep_every
                    if not self._one() and self.batch:
                        return
                except (RedisConnectionError, RedisTimeoutError) as exc:
                    if self.batch:
                        raise
                    logger.warning("the task queue is unreachable (%s): trying again", exc)
                    self._pause(RETRY_AFTER)
        finally:
            self._leave()

    def _one(self) -> bool:
        """Run the next task, if one comes within the wait; False if none came."""
        close_old_connections()  # as django-tasks-db's worker does before each task
        result = executor.process_one_task(
            backend_name=self.backend.alias,
            worker_id=self.consumer,
            block=0 if self.batch else self.block_ms,
        )
        return result is not None

    def _sweep(self) -> None:
        claimed = executor.claim_stale_tasks(
            backend_name=self.backend.alias, worker_id=self.consumer
        )
        if claimed:
            logger.info("task queue: took over %s task(s) of a worker that stopped", claimed)

    def _pause(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.1, seconds))

    def _leave(self) -> None:
        """Take this worker's consumer out of the group (it holds nothing once it stopped)."""
        try:
            self.backend.broker.remove_consumer(self.consumer)
        except Exception:  # housekeeping: the library's sweep removes idle consumers anyway
            logger.warning("task queue: could not remove consumer %s", self.consumer)
