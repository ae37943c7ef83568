"""Settings of the `tousu worker` processes the tests start: the test database (handed over as
JSON by tests/worker/conftest.py) and a job table of test-only jobs."""

import json
import os

from tousu.settings import *  # noqa: F403
from tousu.worker.jobs import Job

DATABASES = {"default": json.loads(os.environ["TOUSU_TEST_DATABASE"])}
TOUSU_WORKER_JOBS = [
    Job("ledger", "tests.worker.jobs.append_ledger", every=3600, lease=3),
    Job("tick", "tests.worker.jobs.record_run", every=1, lease=10),
]
