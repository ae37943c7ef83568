"""Admin: reference data is edited here; cases are read-only (the workflow is the write path)."""

from datetime import date
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tousu.calendar.admin import CalendarOverrideAdmin, PublishedYearAdmin
from tousu.calendar.models import CalendarOverride, PublishedYear
from tousu.lib.admin import AfterWriteAdmin
from tousu.lib.masking import mask_contact

from .deadlines import invalidate_policies
from .models import Case, CaseEvent, DeadlinePolicy, Reason
from .recompute import recompute, since_year


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(AfterWriteAdmin):
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

    def after_write(self, request: HttpRequest) -> None:
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
    # The citizen's contact address is personal data: masked here too, like everywhere (the
    # complainants are not shown at all); in full only through a logged reveal.
    exclude = ["severity_reasons", "contact_address"]
    readonly_fields = ["masked_contact_address"]
    inlines = [CaseEventInline]

    @admin.display(description=_("contact address"))
    def masked_contact_address(self, case: Case) -> str:
        return mask_contact(case.contact_address)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        from .access import visible_cases  # the one access gate, here too

        return visible_cases(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- the working-day calendar: saving it recomputes the deadlines that rest on it --------------
# The calendar app knows nothing of cases (dependencies point one way), so its admin classes are
# replaced here by subclasses that, after the calendar's own cache invalidation, replay the open
# cases whose deadlines reach the changed day or year (cases.recompute). No signals.


class _RecomputesDeadlines:
    """Mixin for the calendar admins: `_since(obj)` is the first day a change of `obj` affects."""

    def _since(self, obj: Any) -> date:
        raise NotImplementedError

    def _previous(self, obj: Any) -> date | None:
        """For a change, the first day the row covered before it (a moved override or year)."""
        if obj.pk is None:
            return None
        before = type(obj).objects.filter(pk=obj.pk).first()
        return self._since(before) if before is not None else None

    def _recompute(self, request: HttpRequest, since: date) -> None:
        outcome = recompute(since, actor=request.user, now=timezone.now())
        admin_site_message = ngettext(
            "Deadlines recomputed: %(changed)d of %(examined)d open case changed.",
            "Deadlines recomputed: %(changed)d of %(examined)d open cases changed.",
            outcome.examined,
        ) % {"changed": len(outcome.changed), "examined": outcome.examined}
        messages.info(request, admin_site_message, fail_silently=True)
        if outcome.conflicts:
            messages.warning(
                request,
                gettext(
                    "%(count)d cases changed meanwhile and kept their deadlines; run "
                    "`tousu recompute-deadlines` for them."
                )
                % {"count": len(outcome.conflicts)},
                fail_silently=True,
            )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        previous = self._previous(obj) if change else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        since = self._since(obj)
        self._recompute(request, min(since, previous) if previous is not None else since)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        since = self._since(obj)
        super().delete_model(request, obj)  # type: ignore[misc]
        self._recompute(request, since)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        days = [self._since(obj) for obj in queryset]
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        if days:
            self._recompute(request, min(days))


class RecomputingOverrideAdmin(_RecomputesDeadlines, CalendarOverrideAdmin):
    def _since(self, obj: Any) -> date:
        return obj.day


class RecomputingPublishedYearAdmin(_RecomputesDeadlines, PublishedYearAdmin):
    def _since(self, obj: Any) -> date:
        return since_year(obj.year)


for _model, _admin in (
    (CalendarOverride, RecomputingOverrideAdmin),
    (PublishedYear, RecomputingPublishedYearAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)
