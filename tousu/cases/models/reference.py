"""Reference data administrators edit: deadline policies, reasons; and the number sequence."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Kind, Severity


class DeadlinePolicy(models.Model):
    """Working-day periods for cases matching kind / category / severity; the most specific wins."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, blank=True)
    category = models.ForeignKey(
        "categories.Category",
        verbose_name=_("category (and its sub-categories)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    accept_days = models.PositiveSmallIntegerField(_("working days to accept"), default=1)
    handle_days = models.PositiveSmallIntegerField(_("working days to handle"), default=15)
    unit_days = models.PositiveSmallIntegerField(_("working days for the unit"), default=7)
    warn_days = models.PositiveSmallIntegerField(_("warn this many working days before"), default=2)
    callback_days = models.PositiveSmallIntegerField(  # 回访
        _("working days from the reply to the callback"), default=3
    )
    dispatch_needs_signoff = models.BooleanField(
        _("every dispatch needs a leader's sign-off"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(handle_days__gte=1), name="policy_handle_days_min"),
            models.CheckConstraint(condition=Q(accept_days__gte=1), name="policy_accept_days_min"),
            models.CheckConstraint(condition=Q(unit_days__gte=1), name="policy_unit_days_min"),
            models.CheckConstraint(
                condition=Q(callback_days__gte=1), name="policy_callback_days_min"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReasonKind(models.TextChoices):
    NOT_ACCEPTED = "not_accepted", _("not accepted")  # 不予受理
    RETURN = "return", _("returned by the unit")  # 退单


class Reason(models.Model):
    """The admin-editable list of reasons offered for not accepting or returning a case."""

    kind = models.CharField(_("used for"), max_length=16, choices=ReasonKind.choices)
    code = models.SlugField(_("code"), max_length=40)
    text = models.CharField(_("text"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("reason")
        verbose_name_plural = _("reasons")
        ordering = ["kind", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="reason_unique_code")]

    def __str__(self) -> str:
        return self.text


class CaseSequence(models.Model):
    """The running number behind case numbers, one row per period (e.g. month)."""

    period = models.CharField(max_length=16, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")

    def __str__(self) -> str:
        return f"{self.period}: {self.last}"
