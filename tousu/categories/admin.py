from django.contrib import admin
from django.http import HttpRequest

from tousu.lib.admin import AfterWriteAdmin

from .models import Category, tree_changed


@admin.register(Category)
class CategoryAdmin(AfterWriteAdmin):
    """Every write announces a new tree (`tree_changed`): the caches built from it follow."""

    list_display = ["code", "name", "parent", "default_unit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "default_unit"]

    def after_write(self, request: HttpRequest) -> None:
        tree_changed()
