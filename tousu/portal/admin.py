from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CategoryWords, Consent, PrivacyNotice


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    """The one notice: edited, never added twice or deleted (a form without a notice could take
    no consent)."""

    list_display = ("__str__", "updated_at")
    readonly_fields = ("version", "updated_at")
    fields = ("text_zh_hans", "text_en", "version", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not PrivacyNotice.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CategoryWords)
class CategoryWordsAdmin(admin.ModelAdmin):
    list_display = ("category", "words")
    search_fields = ("category__name", "words")
    autocomplete_fields = ("category",)


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Read-only: the portal writes these rows."""

    list_display = ("case", "notice_version", "at")
    raw_id_fields = ("case",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
