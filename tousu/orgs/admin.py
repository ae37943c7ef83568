from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tousu.lib.admin import AfterWriteAdmin

from .duty import roster_changed
from .models import Delegation, HandoverNote, Membership, Shift, ShiftMember, StaffProfile, Unit
from .staff import invalidate_unit_tree


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]

    # The unit tree is cached for the access checks: drop it whenever units change.
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        invalidate_unit_tree()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        invalidate_unit_tree()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        invalidate_unit_tree()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "slot"]
    list_filter = ["role", "slot", "unit"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "away_until"]
    search_fields = ["user__username", "display_name"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["grantor", "grantee", "starts_at", "ends_at"]
    autocomplete_fields = ["grantor", "grantee"]


# --- the duty roster 值班 ----------------------------------------------------------------------


class ShiftMemberInline(admin.TabularInline):
    model = ShiftMember
    extra = 2
    autocomplete_fields = ["user"]


@admin.register(Shift)
class ShiftAdmin(AfterWriteAdmin):
    """Shifts of one centre may overlap (the handover): the form only checks that a shift ends
    after it starts (also a database constraint). Every write announces a new roster, so the top
    bar's cached "who is on duty" shows the change at once."""

    list_display = ["centre", "starts_at", "ends_at", "note"]
    list_filter = ["centre"]
    date_hierarchy = "starts_at"
    search_fields = ["note", "members__user__username"]
    inlines = [ShiftMemberInline]

    def after_write(self, request: HttpRequest) -> None:
        roster_changed()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The people on the shift are saved here, after the shift itself.
        super().save_related(request, form, formsets, change)
        roster_changed()


@admin.register(HandoverNote)
class HandoverNoteAdmin(admin.ModelAdmin):
    list_display = ["created_at", "author", "from_shift", "to_shift"]
    list_filter = ["from_shift__centre"]
    date_hierarchy = "created_at"
    search_fields = ["text", "author__username"]
    autocomplete_fields = ["author"]
    raw_id_fields = ["from_shift", "to_shift"]
