from django.contrib import admin
from django.http import HttpRequest
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from tousu.lib.admin import AfterWriteAdmin

from .models import CalendarOverride, PublishedYear
from .services import invalidate_calendar


class _InvalidatesCalendar(AfterWriteAdmin):
    """Every admin write drops the cached calendar (the project does not use signals)."""

    def after_write(self, request: HttpRequest) -> None:
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
