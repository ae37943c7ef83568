"""The administrator's pages: schemes with their items and deductions (a scheme a frozen ranking
used is read-only; "Copy as a new version" starts the next one), adjustments, and, read-only,
the sanctions and the frozen rankings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tousu.calendar import services as calendar

from .models import (
    Adjustment,
    Deduction,
    Item,
    Ranking,
    RankingRow,
    Sanction,
    Scheme,
    last_frozen_month,
    refusal_of_used,
)
from .months import first_of, month_label, next_month


def _used(obj: Any) -> bool:
    return isinstance(obj, Scheme) and obj.is_used


class _PartInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _used(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _used(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _used(obj) and super().has_delete_permission(request, obj)


class ItemInline(_PartInline):
    model = Item
    fields = ["figure", "points", "cap", "when_empty"]


class DeductionInline(_PartInline):
    model = Deduction
    fields = ["basis", "points", "cap"]


def first_free_month(after: date | None = None) -> date:
    """The first month from next month on (and after `after`, and after the last frozen one)
    that no scheme starts in."""
    month = next_month(first_of(calendar.local_date(timezone.now())))
    for bound in (after, last_frozen_month()):
        if bound is not None and month <= bound:
            month = next_month(bound)
    taken = set(Scheme.objects.filter(valid_from__gte=month).values_list("valid_from", flat=True))
    while month in taken:
        month = next_month(month)
    return month


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_from_month", "base", "used"]
    fields = ["name", "valid_from", "base", "note"]
    inlines = [ItemInline, DeductionInline]
    actions = ["copy_as_new_version"]

    @admin.display(description=_("first month"), ordering="valid_from")
    def valid_from_month(self, obj: Scheme) -> str:
        return month_label(obj.valid_from)

    @admin.display(boolean=True, description=_("used by a frozen ranking"))
    def used(self, obj: Scheme) -> bool:
        return obj.is_used

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _used(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _used(obj) and super().has_delete_permission(request, obj)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        scheme = self.get_object(request, object_id)
        if scheme is not None and scheme.is_used:
            messages.warning(request, refusal_of_used(scheme), fail_silently=True)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Copy as a new version"), permissions=["add"])
    def copy_as_new_version(self, request: HttpRequest, queryset: QuerySet[Scheme]) -> None:
        made = []
        with transaction.atomic():
            for source in queryset.order_by("valid_from"):
                copy = Scheme.objects.create(
                    name=source.name,
                    valid_from=first_free_month(source.valid_from),
                    base=source.base,
                    note=source.note,
                )
                Item.objects.bulk_create(
                    Item(
                        scheme=copy,
                        figure=i.figure,
                        points=i.points,
                        cap=i.cap,
                        when_empty=i.when_empty,
                    )
                    for i in source.items.all()
                )
                Deduction.objects.bulk_create(
                    Deduction(scheme=copy, basis=d.basis, points=d.points, cap=d.cap)
                    for d in source.deductions.all()
                )
                made.append(copy)
        self.message_user(
            request,
            ngettext(
                "Copied as a new version from %(months)s: change its items and its first month.",
                "Copied as new versions from %(months)s: change their items and first months.",
                len(made),
            )
            % {"months": ", ".join(month_label(s.valid_from) for s in made)},
            messages.SUCCESS,
        )


@admin.register(Adjustment)
class AdjustmentAdmin(admin.ModelAdmin):
    list_display = ["unit", "month_label", "points", "reason", "entered_by", "entered_at"]
    list_filter = ["month"]
    list_select_related = ["unit", "entered_by"]
    search_fields = ["unit__name", "unit__code", "reason"]
    fields = ["unit", "month", "points", "reason"]

    @admin.display(description=_("month"), ordering="month")
    def month_label(self, obj: Adjustment) -> str:
        return month_label(obj.month)

    def _frozen(self, obj: Any) -> bool:
        return obj is not None and Ranking.objects.filter(month=obj.month).exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Adjustment, form: Any, change: bool) -> None:
        if not change:
            obj.entered_by, obj.entered_at = request.user, timezone.now()  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    """Issued by a centre's director or deputy (the API, `sanctions.issue`); read here. One not
    yet numbered, in a month not yet frozen, may be deleted (issued by mistake)."""

    list_display = ["unit", "kind", "issued_at", "issued_by", "number"]
    list_filter = ["kind"]
    list_select_related = ["unit", "issued_by"]
    search_fields = ["unit__name", "unit__code", "number", "reason"]
    readonly_fields = ["unit", "kind", "issued_at", "issued_by", "reason", "cases", "number"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None:
            month = first_of(calendar.local_date(obj.issued_at))
            if obj.number or Ranking.objects.filter(month=month).exists():
                return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Sanction]) -> None:
        kept = [s for s in queryset if not self.has_delete_permission(request, s)]
        if kept:
            self.message_user(
                request,
                gettext(
                    "Numbered sanctions and sanctions of a frozen month are kept: %(n)d not "
                    "deleted."
                )
                % {"n": len(kept)},
                messages.WARNING,
            )
        super().delete_queryset(request, queryset.exclude(pk__in=[s.pk for s in kept]))


class RankingRowInline(admin.TabularInline):
    model = RankingRow
    fields = ["rank", "unit_name", "score", "figures", "parts"]
    readonly_fields = ["rank", "unit_name", "score", "figures", "parts"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    """Read-only: `tousu assessment freeze` and the worker write them."""

    list_display = ["month_label", "scheme", "computed_at"]
    readonly_fields = ["month", "scheme", "computed_at"]
    inlines = [RankingRowInline]

    @admin.display(description=_("month"), ordering="month")
    def month_label(self, obj: Ranking) -> str:
        return month_label(obj.month)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
