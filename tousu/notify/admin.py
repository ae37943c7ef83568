from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tousu.lib.masking import mask_contact

from . import delivery
from .models import Cursor, Notification, Outbox, Preference, Template
from .render import TemplateProblem, render_text

SAMPLE = {
    "number": "2603000001",
    "title": "示例",
    "tracking_code": "ABCD2345",
    "reason": "示例",
    "reply": "示例",
    "days": 5,
    "level": 1,
    "due": "2026-03-10",
    "answer_due": "2026-03-10",
}


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "created_at",
        "kind",
        "channel",
        "recipient",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
    )
    list_filter = ("state", "channel", "kind")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    actions = ["retry"]
    readonly_fields = (
        "case",
        "event",
        "user",
        "masked_address",
        "template",
        "language",
        "context",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "dedupe_key",
    )
    exclude = ("address",)

    @admin.display(description=_("recipient"))
    def recipient(self, row: Outbox) -> str:
        return row.user.get_username() if row.user else str(_("complainant"))

    @admin.display(description=_("address"))
    def masked_address(self, row: Outbox) -> str:
        # A complainant's phone or e-mail address stays masked here too.
        return mask_contact(row.address) if row.address else ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Retry the selected failed or dead messages"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Outbox]) -> None:
        count = delivery.retry(queryset, timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(n)d message will be sent again.", "%(n)d messages will be sent again.", count
            )
            % {"n": count},
            messages.SUCCESS,
        )


class TemplateForm(forms.ModelForm):
    class Meta:
        model = Template
        fields = ("code", "channel", "language", "subject", "body", "html")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field in ("subject", "body"):
            try:
                render_text(data.get(field) or "", SAMPLE, escape=bool(data.get("html")))
            except TemplateProblem as exc:
                self.add_error(field, str(exc))
        return data


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    list_display = ("code", "channel", "language", "subject")
    list_filter = ("channel", "language", "code")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "channels", "muted_kinds", "language", "quiet_from", "quiet_until")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("id", "recipient", "kind", "case", "created_at", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient", "case")
    raw_id_fields = ("recipient", "case", "outbox")


@admin.register(Cursor)
class CursorAdmin(admin.ModelAdmin):
    list_display = ("name", "last_event_id")
