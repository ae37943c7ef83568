from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import InboundMessage


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    """Read-only: the channels write these rows, the administrator looks."""

    list_display = ("received_at", "channel", "message_id", "outcome", "case", "note")
    list_filter = ("channel", "outcome")
    search_fields = ("message_id",)
    date_hierarchy = "received_at"
    raw_id_fields = ("case",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
