"""What the statistics keep: derived from the cases and their events, never written by anyone but
`stats.rollup` (and rebuilt from scratch by `tousu stats rebuild`).

- `CaseMark`: one row per case — the dimensions it is counted under (received day, centre,
  category, kind, channel, severity) and which case figures it counts in now (accepted, closed,
  justified…). A case's figures change as it moves on; the mark is what it counted as last time,
  so that a change is a difference, not a recount.
- `UnitFact`: one row per unit figure a case gave a unit (a transfer that reached it, a result
  approved, a return…), on the day it happened. The drill-down lists read these rows, so a
  number and its list are the same rows.
- `Tally`: the rollup — how many, per day and figure and every dimension. A month's report sums
  a few hundred thousand of these rows instead of counting millions of cases.
- `Progress`: how far the statistics have read the event log.

Columns that name a unit, a centre or a category hold its id, 0 for none: derived rows must not
hold up a deletion, and the rollup's unique key must treat "none" as one value on every database.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Progress(models.Model):
    """The one row that says up to which event the statistics are current."""

    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("statistics progress")
        verbose_name_plural = _("statistics progress")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="stats_progress_one_row")]

    def __str__(self) -> str:
        return f"event {self.last_event_id}"


class Dimensions(models.Model):
    """What a case is counted under (the filters of every report)."""

    centre_id = models.BigIntegerField()
    category_id = models.BigIntegerField()
    kind = models.CharField(max_length=16)
    channel = models.CharField(max_length=16)
    severity = models.CharField(max_length=10)

    class Meta:
        abstract = True


class CaseMark(Dimensions):
    case = models.OneToOneField(
        "cases.Case",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    day = models.DateField()  # received, in the centre's time zone
    accepted = models.BooleanField(default=False)
    not_accepted = models.BooleanField(default=False)
    referred = models.BooleanField(default=False)
    closed = models.BooleanField(default=False)
    justified = models.BooleanField(default=False)
    unjustified = models.BooleanField(default=False)
    valid = models.BooleanField(default=False)
    invalid = models.BooleanField(default=False)
    collective = models.BooleanField(default=False)
    repeat = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["day"], name="stats_mark_day")]

    def __str__(self) -> str:
        return f"case {self.case_id} @ {self.day}"


class UnitFact(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    figure = models.CharField(max_length=24)
    unit_id = models.BigIntegerField()
    day = models.DateField()
    at = models.DateTimeField()

    class Meta:
        indexes = [
            # (the case: the ForeignKey's own index; a second one on the same column only costs)
            models.Index(fields=["unit_id", "figure", "day"], name="stats_fact_unit_figure_day"),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.unit_id} case {self.case_id} @ {self.day}"


class Tally(Dimensions):
    day = models.DateField()
    figure = models.CharField(max_length=24)
    unit_id = models.BigIntegerField()  # 0 for the case figures
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day",
                    "figure",
                    "unit_id",
                    "centre_id",
                    "category_id",
                    "kind",
                    "channel",
                    "severity",
                ],
                name="stats_tally_key",
            )
        ]
        indexes = [
            # The reports read a figure (or a few) over a period: a range per figure, from the
            # index alone (every column they read is in it). The unique key leads with the
            # day: a month's query read every figure's rows of the month, then the table.
            models.Index(
                fields=[
                    "figure",
                    "day",
                    "unit_id",
                    "centre_id",
                    "category_id",
                    "kind",
                    "channel",
                    "severity",
                    "n",
                ],
                name="stats_tally_figure_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.figure} {self.unit_id}: {self.n}"
