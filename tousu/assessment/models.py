"""Unit assessment 考核: the schemes the scores are computed by, the manual adjustments, the
sanctions (通报批评, 效能告诫) and the frozen monthly rankings. The formula: docs/assessment.md.

- `Scheme` (考核方案): from its `valid_from` month until the next scheme's; a base score, its
  weighted `Item`s (points × a rate, or points per case) and its `Deduction`s (points per overdue
  completion, return, rework, upheld complaint, sanction…, each with an optional cap). A scheme a
  frozen ranking used is history: it cannot be changed any more (`Scheme.is_used`), only copied.
- `Adjustment`: bonus (or penalty) points for a unit in a month, with the reason.
- `Sanction`: 通报批评 or 效能告诫 of a unit (`sanctions.issue`), deducted in the month issued.
- `Ranking` and `RankingRow`: a month's scores and ranks as they were frozen (`ranking.freeze`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tousu.orgs.models import CENTRE_KINDS

from .months import month_label, next_month

HANDLING_UNITS = ~models.Q(kind__in=sorted(CENTRE_KINDS))


class Figure(models.TextChoices):
    """What a weighted item scores: a rate (points × the rate) or a count (points per case)."""

    ON_TIME_RATE = "on_time_rate", _("on-time rate (completed on time ÷ completed)")
    SATISFACTION_RATE = "satisfaction_rate", _("satisfaction rate (satisfied ÷ reached)")
    ASSIGNED = "assigned", _("cases assigned (per case)")
    COMPLETED = "completed", _("cases completed (per case)")
    COMPLETED_ON_TIME = "completed_on_time", _("cases completed on time (per case)")
    SATISFIED = "satisfied", _("satisfied callbacks (per callback)")


class WhenEmpty(models.TextChoices):
    """A rate with nothing to divide by (the unit completed nothing, nobody was reached)."""

    FULL = "full", _("full points")
    ZERO = "zero", _("no points")


class Basis(models.TextChoices):
    """What a deduction counts, per case (or per sanction) in the period."""

    LATE_COMPLETED = "late_completed", _("late completion (completed − completed on time)")
    OVERDUE_OPEN = "overdue_open", _("case held past its due time when the ranking is computed")
    RETURNED = "returned", _("returned case")
    REWORKED = "reworked", _("result sent back for rework")
    EXTENSIONS = "extensions", _("extension requested")
    DISSATISFIED = "dissatisfied", _("callback not satisfied (reached − satisfied)")
    UPHELD_COMPLAINT = "upheld_complaint", _("upheld complaint about the unit itself")
    CRITICISM = "criticism", _("circular of criticism")
    WARNING = "warning", pgettext_lazy("sanction", "efficiency warning")


class SanctionKind(models.TextChoices):
    CRITICISM = "criticism", _("circular of criticism")  # 通报批评
    WARNING = "warning", pgettext_lazy("sanction", "efficiency warning")  # 效能告诫


def _first_of_month(value: date) -> None:
    if value.day != 1:
        raise ValidationError(gettext("Must be the 1st of a month."))


class Scheme(models.Model):  # 考核方案
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(
        _("valid from"),
        unique=True,
        validators=[_first_of_month],
        help_text=_(
            "The first month it applies to (the 1st of that month). It applies until the next "
            "scheme's first month."
        ),
    )
    base = models.DecimalField(
        _("base score"), max_digits=7, decimal_places=2, default=Decimal("0")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({month_label(self.valid_from)})"

    @property
    def is_used(self) -> bool:
        """A frozen ranking was computed by it: it is history, never to change."""
        return self.pk is not None and Ranking.objects.filter(scheme_id=self.pk).exists()

    def clean(self) -> None:
        super().clean()
        if self.pk is not None and self.is_used:
            raise ValidationError(refusal_of_used(self))
        before = Scheme.objects.filter(pk=self.pk).values_list("valid_from", flat=True).first()
        if self.valid_from and self.valid_from != before:
            last = last_frozen_month()
            if last is not None and self.valid_from <= last:
                raise ValidationError(
                    {
                        "valid_from": gettext(
                            "The rankings up to %(month)s are frozen: a scheme can start in "
                            "%(next)s at the earliest."
                        )
                        % {"month": month_label(last), "next": month_label(next_month(last))}
                    }
                )


def refusal_of_used(scheme: Scheme) -> str:
    months = ", ".join(
        month_label(m)
        for m in Ranking.objects.filter(scheme=scheme)
        .order_by("month")
        .values_list("month", flat=True)
    )
    return gettext(
        "This scheme computed the frozen rankings of %(months)s and cannot be changed any more. "
        "Use the action “Copy as a new version” and give the copy a later first month."
    ) % {"months": months}


def last_frozen_month() -> date | None:
    return Ranking.objects.order_by("-month").values_list("month", flat=True).first()


class _SchemePart(models.Model):
    points = models.DecimalField(
        _("points"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    cap = models.DecimalField(
        _("cap"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("At most this many points in all (empty: no limit)."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        scheme_id = getattr(self, "scheme_id", None)
        scheme = Scheme.objects.filter(pk=scheme_id).first() if scheme_id else None
        if scheme is not None and scheme.is_used:
            raise ValidationError(refusal_of_used(scheme))


class Item(_SchemePart):
    """Points × a rate (0 to 1), or points per case of a count (capped)."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="items"
    )
    figure = models.CharField(_("figure"), max_length=24, choices=Figure.choices)
    when_empty = models.CharField(
        _("when there is nothing to divide by"),
        max_length=8,
        choices=WhenEmpty.choices,
        default=WhenEmpty.FULL,
        help_text=_("For a rate only: what a unit without any case in its denominator gets."),
    )

    class Meta:
        verbose_name = _("weighted item")
        verbose_name_plural = _("weighted items")
        ordering = ["scheme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "figure"], name="assessment_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_figure_display()}: {self.points}"


class Deduction(_SchemePart):
    """Points taken off per case (or per sanction), at most `cap` in all."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="deductions"
    )
    basis = models.CharField(_("per"), max_length=24, choices=Basis.choices)

    class Meta:
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")
        ordering = ["scheme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "basis"], name="assessment_deduction_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_basis_display()}: −{self.points}"


class Adjustment(models.Model):
    """Bonus points (or, negative, a manual deduction) for a unit in a month, with the reason."""

    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=HANDLING_UNITS,
    )
    month = models.DateField(_("month"), help_text=_("Any day of the month: the 1st is kept."))
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=500)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["-month", "unit", "id"]
        indexes = [models.Index(fields=["month", "unit"], name="assessment_adjustment_month")]

    def __str__(self) -> str:
        return f"{self.unit} {month_label(self.month)}: {self.points:+}"

    def clean(self) -> None:
        super().clean()
        if self.month:
            self.month = self.month.replace(day=1)
            if Ranking.objects.filter(month=self.month).exists():
                raise ValidationError({"month": frozen_month_refusal(self.month)})
        if self.unit_id and self.unit.kind in CENTRE_KINDS:
            raise ValidationError({"unit": gettext("Only a handling unit is assessed.")})


def frozen_month_refusal(month: date) -> str:
    return gettext(
        "The ranking of %(month)s is frozen: enter the adjustment in a month not yet frozen."
    ) % {"month": month_label(month)}


class Sanction(models.Model):
    """通报批评 or 效能告诫 (《县机关效能投诉中心工作规则》第十九条), issued by a centre's
    director or deputy (`sanctions.issue`); deducted in the month issued. The documents app
    gives it its `number` when it renders the letter."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SanctionKind.choices)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    cases = models.JSONField(_("related cases"), default=list, blank=True)
    number = models.CharField(_("document number"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["unit", "issued_at"], name="assessment_sanction_unit")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit}"


class Ranking(models.Model):
    """A month's ranking as it was frozen: never recomputed unless frozen again on purpose."""

    month = models.DateField(_("month"), unique=True)
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="rankings"
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("frozen ranking")
        verbose_name_plural = _("frozen rankings")
        ordering = ["-month"]

    def __str__(self) -> str:
        return month_label(self.month)


class RankingRow(models.Model):
    ranking = models.ForeignKey(
        Ranking, verbose_name=_("ranking"), on_delete=models.CASCADE, related_name="rows"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField(_("unit name then"), max_length=100)
    position = models.PositiveIntegerField(_("position"))
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))
    figures = models.JSONField(_("figures"), default=dict)
    parts = models.JSONField(_("how the score was made"), default=dict)

    class Meta:
        verbose_name = _("ranking row")
        verbose_name_plural = _("ranking rows")
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "unit"], name="assessment_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.unit_name} {self.score}"
