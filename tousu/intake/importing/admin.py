from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: the workbench's imports, their state and counts (never their rows)."""

    list_display = (
        "created_at",
        "created_by",
        "centre",
        "state",
        "total",
        "imported",
        "skipped",
        "rejected",
        "finished_at",
    )
    list_filter = ("state", "centre")
    date_hierarchy = "created_at"
    fields = (
        "created_by",
        "centre",
        "file_kind",
        "state",
        "created_at",
        "started_at",
        "finished_at",
        "heartbeat_at",
        "total",
        "valid",
        "processed",
        "imported",
        "skipped",
        "rejected",
        "error",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
