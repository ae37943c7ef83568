"""What happened to a case: the append-only event log, transfers and extension requests."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .case import Case
from .choices import Status


class AppendOnlyQuerySet(models.QuerySet["CaseEvent"]):
    """Refuses the bulk writes that would bypass `CaseEvent.save()`: `update()`, `delete()`,
    `bulk_update()`. Deleting a case still removes its events: Django's delete collector goes
    through the model's base manager (a plain one) and deletes rows by primary key, and a test
    flush empties tables in SQL; neither uses this queryset. Data migrations use historical
    models, which do not carry this manager either."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("case events are append-only: update() is refused")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("case events are append-only: delete() is refused")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise TypeError("case events are append-only: bulk_update() is refused")


class CaseEvent(models.Model):
    """Append-only: the timeline, statistics and notifications all read these rows."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    verb = models.CharField(_("action"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "id"]
        indexes = [models.Index(fields=["verb", "at"], name="event_verb_at")]

    def __str__(self) -> str:
        return f"{self.verb} @ {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("case events are append-only: delete() is refused")


class AssignmentState(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", _("awaiting sign-off")
    REJECTED = "rejected", _("sign-off refused")
    AWAITING_SIGN = "awaiting_sign", _("to sign for")
    ACTIVE = "active", _("in hand")
    RETURNED = "returned", _("returned")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


# A unit sees a case once the transfer reached it (not while it waits for the leader's sign-off).
UNIT_VISIBLE_ASSIGNMENT_STATES = frozenset(
    {
        AssignmentState.AWAITING_SIGN,
        AssignmentState.ACTIVE,
        AssignmentState.RETURNED,
        AssignmentState.DONE,
        AssignmentState.CANCELLED,
    }
)
OPEN_ASSIGNMENT_STATES = frozenset(
    {AssignmentState.PENDING_APPROVAL, AssignmentState.AWAITING_SIGN, AssignmentState.ACTIVE}
)


class Assignment(models.Model):
    """One transfer 转办 (or self-handling 自办) of a case to a unit."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    state = models.CharField(_("state"), max_length=20, choices=AssignmentState.choices)
    self_handled = models.BooleanField(_("handled by the centre itself"), default=False)
    due = models.DateTimeField(_("due"))
    note = models.TextField(_("instructions"), blank=True)
    created_at = models.DateTimeField(_("dispatched at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # 告知承办单位诉求人身份: a disclosure is made to the unit of this transfer, not to the case —
    # a unit the case goes to later does not inherit it (see cases.disclosure).
    identity_disclosed = models.BooleanField(
        _("complainant identity disclosed to this unit"), default=False
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["case", "id"]
        indexes = [models.Index(fields=["unit", "case"], name="assignment_unit_case")]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(state__in=["pending_approval", "awaiting_sign", "active"]),
                name="assignment_one_open_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.unit}"


class ExtensionRequest(models.Model):  # 延期申请
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    approved = models.BooleanField(_("approved"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(decided_at__isnull=True),
                name="extension_one_pending_per_case",
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="extension_days_min"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} +{self.days}"
