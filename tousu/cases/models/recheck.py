"""回访抽查: the record of each day's draw of closed cases for a quality re-check."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecheckDraw(models.Model):
    """One row per local day whose closed cases were drawn: a second run for the same day (a
    second worker, a restart) finds it and draws nothing more."""

    day = models.DateField(_("cases closed on"), unique=True)
    at = models.DateTimeField(_("drawn at"))
    closed = models.PositiveIntegerField(_("cases closed that day"), default=0)
    drawn = models.PositiveIntegerField(_("cases drawn"), default=0)

    class Meta:
        verbose_name = _("re-check draw")
        verbose_name_plural = _("re-check draws")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.drawn}/{self.closed}"
