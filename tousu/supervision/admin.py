"""The supervision policies (admin-editable), the escalations and the pass's steps (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tousu.cases.escalation import invalidate_supervision_policies
from tousu.cases.models import Escalation, SupervisionPolicy
from tousu.lib.admin import AfterWriteAdmin

from .models import SupervisionStep


@admin.register(SupervisionPolicy)
class SupervisionPolicyAdmin(AfterWriteAdmin):
    list_display = [
        "name",
        "kind",
        "severity",
        "remind_after",
        "escalate_after",
        "next_level_after",
        "answer_days",
        "levels",
        "is_active",
    ]
    list_filter = ["kind", "severity", "is_active"]

    def after_write(self, request: HttpRequest) -> None:
        invalidate_supervision_policies()


class ReadOnly(admin.ModelAdmin):
    """Written by the workflow and the pass only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Escalation)
class EscalationAdmin(ReadOnly):
    list_display = ["case", "level", "to_unit", "to_role", "answer_due", "state", "automatic"]
    list_filter = ["state", "level", "automatic"]
    list_select_related = ["case", "to_unit"]


@admin.register(SupervisionStep)
class SupervisionStepAdmin(ReadOnly):
    list_display = ["case", "step", "due", "at"]
    list_filter = ["step"]
    list_select_related = ["case"]
