"""The background task of a workbench import, run by `tousu worker` (django.tasks)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from . import jobs


@task
def run_import(job_id: int) -> str:
    """Import a queued `ImportJob`; what it did, in one line (counts only, no row's content)."""
    return jobs.run(job_id, clock=timezone.now)
