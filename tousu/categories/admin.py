from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "default_unit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "default_unit"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from tousu.cases.deadlines import invalidate_policies  # policies inherit down the tree

        super().save_model(request, obj, form, change)
        invalidate_policies()
