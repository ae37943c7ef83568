"""A bulk import started in the workbench: the checked rows, sealed, and how far the import got."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tousu.lib.fields import EncryptedTextField
from tousu.orgs.models import Unit


class ImportState(models.TextChoices):
    READY = "ready", _("checked, waiting for confirmation")
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("importing")
    DONE = "done", pgettext_lazy("import state", "done")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """One uploaded file, from its preview to the end of its import.

    The rows (the file's cells: names, phones…) are kept sealed in `rows` with the data key,
    bound to this job's `token`, and so is the file's name; nothing of the file is kept on disk.
    The counts move with the import, each row's in the transaction that registers its case, so
    the progress bar shows what is committed. `problems` maps a row number to the columns at
    fault and their messages — never a cell's value."""

    token = models.CharField(max_length=32, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    centre = models.ForeignKey(
        Unit, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = EncryptedTextField(_("file name"), blank=True, default="", bound_to=("token",))
    file_kind = models.CharField(_("file type"), max_length=8)
    state = models.CharField(
        _("state"), max_length=8, choices=ImportState.choices, default=ImportState.READY
    )
    created_at = models.DateTimeField(_("uploaded at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Moves with every row: a running import whose heartbeat stopped was interrupted.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    valid = models.PositiveIntegerField(_("rows without problems"), default=0)
    processed = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    skipped = models.PositiveIntegerField(_("already imported"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    # [column key, the header as the file wrote it], in the file's order (a JSON object in
    # PostgreSQL's jsonb would lose the order).
    headers = models.JSONField(default=list)
    ignored = models.JSONField(default=list)  # headers of no column of ours
    problems = models.JSONField(default=dict)  # "row number" → {column: [messages]}
    earlier = models.JSONField(default=dict)  # "row number" → the case it was imported as before
    # The rows (`jobs.pack_rows`: JSON, compressed, base64), sealed like every personal datum, so
    # `tousu rotate-key` seals them again too (registered in `apps.py`).
    rows = EncryptedTextField(default="", blank=True, editable=False, bound_to=("token",))
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="import_job_by_user")]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.state})"
