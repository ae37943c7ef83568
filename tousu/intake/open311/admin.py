from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ApiKey, Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("category", "kind", "publish_location")
    list_filter = ("kind", "publish_location")
    autocomplete_fields = ("category",)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are made by `tousu open311-key NAME` (which shows the key once); here they are
    looked at and revoked."""

    list_display = ("name", "prefix", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    fields = ("name", "prefix", "created_at", "last_used_at", "revoked")
    readonly_fields = ("prefix", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
