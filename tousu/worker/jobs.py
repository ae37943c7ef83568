"""The periodic jobs: the table in code, and the settings that adjust it.

Each job is a function `fn(now)` named by its dotted path (resolved when the worker starts, so
this module imports no app). A job must be idempotent: a worker killed mid-run leaves its lease
to expire, and the next worker runs the job again from the start."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Job:
    name: str
    path: str
    every: int  # seconds from one start to the next
    # How long a claim lasts: a few times the longest expected run. A run that outlives it may
    # be started again by another worker (harmless, the job is idempotent, but wasted work).
    lease: int = 300


JOBS = [
    Job("supervise", "tousu.supervision.passes.supervise", every=60, lease=300),
    Job("notify-fanout", "tousu.notify.fanout.fan_out", every=10, lease=120),
    Job("stats-update", "tousu.stats.rollup.update", every=10, lease=300),
    Job("notify-deliver", "tousu.notify.tasks.deliver", every=10, lease=120),
    Job("notify-digest", "tousu.notify.digest.send_digest", every=300, lease=300),
    Job("prune-task-results", "tousu.worker.jobs.prune_task_results", every=86400, lease=600),
    # 回访抽查: draws yesterday's closed cases once a day; run hourly so that a worker that was
    # down at the day's first run still draws it (a day already drawn is not drawn again).
    Job("callback-recheck", "tousu.cases.recheck.draw", every=3600, lease=600),
    # The higher platform hears of its cases' status changes (outbox rows; notify-deliver sends).
    Job("platform-webhook", "tousu.notify.webhooks.push", every=10, lease=120),
    # Idempotency-Keys of POST /api/v1/cases past TOUSU_IDEMPOTENCY_KEY_HOURS.
    Job("api-idempotency-prune", "tousu.api.idempotency.prune", every=3600, lease=300),
    # The e-mail channel's mailbox (off while TOUSU_MAIL_IMAP_HOST is empty).
    Job("mail-poll", "tousu.intake.email.mailbox.poll", every=60, lease=300),
    # 考核: from the TOUSU_ASSESSMENT_FREEZE_DAYth on, last month's unit ranking is frozen (once).
    Job("assessment-freeze", "tousu.assessment.ranking.freeze_due", every=3600, lease=900),
]

# Finished django.tasks results older than this are deleted (django-tasks-db keeps them all).
TASK_RESULTS_KEPT = timedelta(days=14)


def prune_task_results(now: datetime) -> int:
    """django-tasks-db's `prune_db_task_results`, with the time passed in."""
    from django_tasks_db.models import DBTaskResult

    deleted, _ = (
        DBTaskResult.objects.finished().filter(finished_at__lte=now - TASK_RESULTS_KEPT).delete()
    )
    return deleted


def parse_intervals(text: str) -> dict[str, int]:
    """`"supervise=30,notify-deliver=5"` → `{"supervise": 30, "notify-deliver": 5}`."""
    intervals: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, seconds = part.partition("=")
        if not sep or not seconds.strip().isdigit() or int(seconds) < 1:
            raise ImproperlyConfigured(
                f"TOUSU_WORKER_INTERVALS: {part!r} is not name=seconds (a whole number, 1 or more)"
            )
        intervals[name.strip()] = int(seconds)
    return intervals


def configured_jobs() -> list[Job]:
    """The job table (`TOUSU_WORKER_JOBS` if a settings module sets one), with the intervals of
    `TOUSU_WORKER_INTERVALS` applied."""
    jobs = list(getattr(settings, "TOUSU_WORKER_JOBS", None) or JOBS)
    intervals = parse_intervals(settings.TOUSU_WORKER_INTERVALS)
    unknown = sorted(set(intervals) - {job.name for job in jobs})
    if unknown:
        raise ImproperlyConfigured(
            f"TOUSU_WORKER_INTERVALS names unknown jobs: {', '.join(unknown)}"
        )
    return [replace(job, every=intervals.get(job.name, job.every)) for job in jobs]
