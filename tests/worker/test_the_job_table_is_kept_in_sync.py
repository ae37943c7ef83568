"""The rows follow the table in code: a new job is due at once, a changed interval is taken up
without losing the schedule, a removed job goes (unless a worker is running it); the settings
adjust the intervals."""

from __future__ import annotations

import inspect
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.conftest import MONDAY
from tousu.worker import scheduler
from tousu.worker.jobs import JOBS, Job, configured_jobs
from tousu.worker.models import PeriodicJob

LEDGER = Job("ledger", "tests.worker.jobs.remember", every=60, lease=30)
TICK = Job("tick", "tests.worker.jobs.remember", every=10, lease=30)
LATER = MONDAY + timedelta(minutes=5)


def _rows() -> list[tuple[Any, ...]]:
    return list(PeriodicJob.objects.values_list("name", "every", "lease_seconds", "next_run_at"))


def test_a_new_job_is_due_at_once(db: Any) -> None:
    scheduler.sync_jobs([LEDGER, TICK], MONDAY)
    assert _rows() == [("ledger", 60, 30, MONDAY), ("tick", 10, 30, MONDAY)]


def test_a_changed_interval_is_taken_up_and_the_schedule_kept(db: Any) -> None:
    scheduler.sync_jobs([LEDGER], MONDAY)
    scheduler.claim(LEDGER, now=MONDAY, owner="worker-a")
    scheduler.sync_jobs([replace(LEDGER, every=120, lease=90)], LATER)
    row = PeriodicJob.objects.get()
    assert (row.every, row.lease_seconds, row.next_run_at, row.lease_owner) == (
        120,
        90,
        MONDAY,
        "worker-a",
    )


def test_a_removed_job_goes_unless_a_worker_is_running_it(db: Any) -> None:
    scheduler.sync_jobs([LEDGER, TICK], MONDAY)
    scheduler.claim(TICK, now=MONDAY, owner="worker-a")
    scheduler.sync_jobs([], LATER)
    assert [name for name, *_ in _rows()] == ["tick"]
    scheduler.release(TICK, owner="worker-a", started=MONDAY, finished=LATER, error="")
    scheduler.sync_jobs([], LATER)
    assert _rows() == []


def test_the_table_runs_supervision_notifications_and_pruning() -> None:
    assert [(job.name, job.path, job.every) for job in JOBS] == [
        ("supervise", "tousu.supervision.passes.supervise", 60),
        ("notify-fanout", "tousu.notify.fanout.fan_out", 10),
        ("stats-update", "tousu.stats.rollup.update", 10),
        ("notify-deliver", "tousu.notify.tasks.deliver", 10),
        ("notify-digest", "tousu.notify.digest.send_digest", 300),
        ("prune-task-results", "tousu.worker.jobs.prune_task_results", 86400),
        ("callback-recheck", "tousu.cases.recheck.draw", 3600),
        ("platform-webhook", "tousu.notify.webhooks.push", 10),
        ("api-idempotency-prune", "tousu.api.idempotency.prune", 3600),
        ("mail-poll", "tousu.intake.email.mailbox.poll", 60),
        ("assessment-freeze", "tousu.assessment.ranking.freeze_due", 3600),
    ]
    # Each lease outlasts its interval's worth of work several times over.
    assert all(job.lease >= 5 * min(job.every, 60) for job in JOBS)


def test_the_settings_change_an_interval(settings: Any) -> None:
    settings.TOUSU_WORKER_INTERVALS = "supervise=30, notify-deliver=5"
    every = {job.name: job.every for job in configured_jobs()}
    assert every == {
        "supervise": 30,
        "notify-fanout": 10,
        "stats-update": 10,
        "notify-deliver": 5,
        "notify-digest": 300,
        "prune-task-results": 86400,
        "callback-recheck": 3600,
        "platform-webhook": 10,
        "api-idempotency-prune": 3600,
        "mail-poll": 60,
        "assessment-freeze": 3600,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("supervise", "TOUSU_WORKER_INTERVALS: 'supervise' is not name=seconds"),
        ("supervise=0", "TOUSU_WORKER_INTERVALS: 'supervise=0' is not name=seconds"),
        ("supervise=soon", "TOUSU_WORKER_INTERVALS: 'supervise=soon' is not name=seconds"),
        ("supervize=30", "TOUSU_WORKER_INTERVALS names unknown jobs: supervize"),
    ],
)
def test_a_bad_interval_setting_is_refused_with_what_is_wrong(
    settings: Any, text: str, message: str
) -> None:
    settings.TOUSU_WORKER_INTERVALS = text
    with pytest.raises(ImproperlyConfigured) as refused:
        configured_jobs()
    assert str(refused.value).startswith(message)


def test_every_job_in_the_table_is_a_function_of_the_time_alone() -> None:
    required = {
        name: [
            p.name
            for p in inspect.signature(fn).parameters.values()
            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        for name, fn in scheduler.resolve(JOBS).items()
    }
    assert required == {job.name: ["now"] for job in JOBS}
