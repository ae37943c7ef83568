from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from .models import CalendarOverride, PublishedYear
from .services import invalidate_calendar


class _InvalidatesCalendar(admin.ModelAdmin):
    """Every admin write drops the cached calendar (the project does not use signals)."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        invalidate_calendar()

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        invalidate_calendar()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        invalidate_calendar()


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(_InvalidatesCalendar):
    list_display = ("day", "weekday", "is_workday", "note")
    list_filter = ("is_workday",)
    search_fields = ("note",)
    date_hierarchy = "day"

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarOverride) -> str:
        return str(WEEKDAYS[obj.day.weekday()])


@admin.register(PublishedYear)
class PublishedYearAdmin(_InvalidatesCalendar):
    list_display = ("year", "note", "created_at")
    readonly_fields = ("created_at",)
