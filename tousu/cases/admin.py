"""Admin: reference data is edited here; cases are read-only (the workflow is the write path)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .deadlines import invalidate_policies
from .models import Case, CaseEvent, DeadlinePolicy, Reason


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "category",
        "severity",
        "accept_days",
        "handle_days",
        "unit_days",
        "warn_days",
        "dispatch_needs_signoff",
        "is_active",
    ]
    list_filter = ["kind", "severity", "is_active"]
    autocomplete_fields = ["category"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        invalidate_policies()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        invalidate_policies()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        invalidate_policies()


@admin.register(Reason)
class ReasonAdmin(admin.ModelAdmin):
    list_display = ["kind", "code", "text", "is_active", "sort_order"]
    list_filter = ["kind", "is_active"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ("at", "verb", "actor", "from_status", "to_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: personal data stays out of the list; changes go through the workflow."""

    list_display = ["number", "title", "kind", "status", "severity", "unit", "current_due"]
    list_filter = ["status", "kind", "severity", "channel"]
    search_fields = ["number", "title"]
    show_full_result_count = False
    list_select_related = ["unit"]
    exclude = ["severity_reasons"]
    inlines = [CaseEventInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        from .access import visible_cases  # the one access gate, here too

        return visible_cases(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
