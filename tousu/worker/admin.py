from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import PeriodicJob


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    """Read-only: the table in code decides the jobs, the workers write their state."""

    list_display = (
        "name",
        "every",
        "next_run_at",
        "lease_owner",
        "lease_until",
        "last_finished_at",
        "runs",
        "has_error",
    )
    readonly_fields = [f.name for f in PeriodicJob._meta.fields]

    @admin.display(boolean=True, description=_("error"))
    def has_error(self, obj: PeriodicJob) -> bool:
        return bool(obj.last_error)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PeriodicJob | None = None) -> bool:
        return False
