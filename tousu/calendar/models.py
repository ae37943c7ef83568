"""The administrator's corrections to the working-day calendar (see tousu.lib.workdays)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """One day whose status the administrator fixes: a holiday, a make-up workday (调休), ..."""

    day = models.DateField(_("day"), unique=True)
    is_workday = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a working day (e.g. a make-up Saturday). Unticked: a day off."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["day"]

    def __str__(self) -> str:
        kind = _("working day") if self.is_workday else _("day off")
        return f"{self.day.isoformat()} {kind}"


class PublishedYear(models.Model):
    """A year whose whole official schedule the administrator has entered as overrides.

    Deadlines in such a year are no longer provisional even though chinese_calendar lacks it.
    """

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2200)],
        help_text=_("Publish a year only after entering all its holidays and make-up workdays."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("published year")
        verbose_name_plural = _("published years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
