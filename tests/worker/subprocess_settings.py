"""Settings of the `tousu worker` processes the tests start: the test database (handed over as
JSON by tests/worker/conftest.py), a job table of test-only jobs beside the real delivery job
(in small batches); for the task queue's tests, a Redis key prefix of the test's own
(TOUSU_TEST_REDIS_PREFIX) and short leases (TOUSU_TEST_CLAIM_SECONDS)."""

import json
import os

from tousu.settings import *  # noqa: F403
from tousu.worker.jobs import Job

DATABASES = {"default": json.loads(os.environ["TOUSU_TEST_DATABASE"])}
TOUSU_WORKER_JOBS = [
    Job("ledger", "tests.worker.jobs.append_ledger", every=3600, lease=3),
    Job("tick", "tests.worker.jobs.record_run", every=1, lease=10),
    Job("notify-deliver", "tousu.notify.tasks.deliver", every=1, lease=3),
]
NOTIFY_BATCH_SIZE = 10
if "TOUSU_TEST_REDIS_PREFIX" in os.environ:  # the queue's keys: this test's own
    TASKS["default"]["OPTIONS"]["REDIS_KEY_PREFIX"] = os.environ["TOUSU_TEST_REDIS_PREFIX"]  # noqa: F405
if "TOUSU_TEST_CLAIM_SECONDS" in os.environ:
    # A killed worker's messages and tasks come back after this long, not five minutes.
    NOTIFY_CLAIM_SECONDS = int(os.environ["TOUSU_TEST_CLAIM_SECONDS"])
    if "OPTIONS" in TASKS["default"]:  # noqa: F405
        TASKS["default"]["OPTIONS"]["REDIS_CLAIM_TIMEOUT"] = NOTIFY_CLAIM_SECONDS  # noqa: F405
