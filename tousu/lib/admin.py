"""An admin page whose every write must reach something cached beside the rows.

The project uses no signals: an admin page that edits reference data held in a cache (the
working-day calendar, the deadline and supervision policies, the category tree) says what to do
after a write by overriding `after_write`; saving, deleting one row and deleting a selection all
call it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest


class AfterWriteAdmin(admin.ModelAdmin):
    def after_write(self, request: HttpRequest) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self.after_write(request)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        self.after_write(request)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        self.after_write(request)
