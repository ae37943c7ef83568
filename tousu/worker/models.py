"""One row per periodic job: when it runs next, and who holds it now (the lease)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PeriodicJob(models.Model):
    """Kept in sync with the job table in code (`tousu/worker/jobs.py`) by every worker at start.

    A worker claims a job with one guarded UPDATE (due, and no live lease); the lease runs out on
    its own if the worker dies, and then another worker runs the job again: the jobs are
    idempotent, their effects guarded in the database by the apps that own them."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    path = models.CharField(_("function"), max_length=200)
    every = models.PositiveIntegerField(_("every (seconds)"))
    lease_seconds = models.PositiveIntegerField(_("lease (seconds)"))
    next_run_at = models.DateTimeField(_("next run at"))
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    lease_owner = models.CharField(_("leased by"), max_length=64, blank=True)
    last_started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    runs = models.PositiveIntegerField(_("finished runs"), default=0)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(every__gt=0) & Q(lease_seconds__gt=0), name="worker_job_positive"
            ),
            # A lease always names its holder, and a free job names none.
            models.CheckConstraint(
                condition=Q(lease_until__isnull=True, lease_owner="")
                | (Q(lease_until__isnull=False) & ~Q(lease_owner="")),
                name="worker_job_lease_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name
