"""The units' tables of the dashboards: the league table (the figures of `stats.query.unit_figures`
with the assessment's score and rank), the overdue heat map (units × severity, read live) and the
satisfaction per unit. A unit leader gets their own units' rows only; the rank stays the rank
among all units."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Any

from django.utils.translation import gettext, pgettext

from tousu.assessment.scoring import ranked
from tousu.cases.models import Severity
from tousu.orgs.staff import unit_tree
from tousu.stats import query
from tousu.stats.access import Reader

from . import dashboard_data as data
from .dashboard_cells import (
    LEAGUE,
    RATES,
    SATISFACTION,
    Cell,
    Column,
    Row,
    Table,
    figure_label,
    heat,
    ratio,
    total_of,
)
from .dashboard_filters import Links


class UnitTables:
    """Mixed into `Dashboard`, which sets these."""

    f: query.Filters
    reader: Reader
    now: datetime
    links: Links

    @cached_property
    def ranked_units(self) -> list[dict[str, Any]]:
        """Every unit's row, best rank first (the rank is among all units)."""
        rows = query.unit_figures(self.f, self.reader.scope, self.now)
        return ranked(rows, self.f.start, self.f.end)

    @cached_property
    def unit_rows(self) -> list[dict[str, Any]]:
        """The rows this reader may see: all, or their own units'."""
        own = self.reader.units
        if own is None:
            return self.ranked_units
        tree = unit_tree()
        return [row for row in self.ranked_units if tree.id_for_code(row["unit"]) in own]

    @cached_property
    def own_units(self) -> list[tuple[int, str, str]]:
        """A unit leader's units: (id, code, name)."""
        tree = unit_tree()
        names = {row["unit"]: row["name"] for row in self.ranked_units}
        return sorted(
            (uid, tree.code[uid], names.get(tree.code[uid], tree.code[uid]))
            for uid in self.reader.units or ()
            if uid in tree.code
        )

    def _unit_cells(self, row: dict[str, Any], figures: tuple[str, ...]) -> list[Cell]:
        return [
            Cell(row[f], "rate")
            if f in RATES
            else Cell(row[f], link=self.links.cases(f, unit=row["unit"]))
            for f in figures
        ]

    def _totals(self, rows: list[dict[str, Any]], figures: tuple[str, ...]) -> list[Row]:
        if self.reader.units is not None or not rows:
            return []
        sums = {f: total_of(rows, f) for f in figures if f not in RATES}
        cells = [
            Cell(ratio(sums[RATES[f][0]], sums[RATES[f][1]]), "rate")
            if f in RATES
            else Cell(sums[f])
            for f in figures
        ]
        return [Row("", Cell(gettext("All units"), "text"), cells, "total")]

    def _league(self) -> Table:
        shown = self.unit_rows
        rows = [
            Row(
                row["unit"],
                Cell(row["name"], "text"),
                [
                    Cell(row["rank"], "score"),
                    Cell(row["score"], "score"),
                    *self._unit_cells(row, LEAGUE),
                ],
            )
            for row in shown
        ]
        footer = self._totals(shown, LEAGUE)
        if footer:
            footer[0].cells[:0] = [Cell(None, "score"), Cell(None, "score")]
        note = ""
        if self.reader.units is not None:
            note = gettext("The rank is among all %(count)d units.") % {
                "count": len(self.ranked_units)
            }
        return Table(
            "league",
            gettext("Unit league table"),
            gettext("Unit"),
            [
                Column("rank", figure_label("rank"), "score"),
                Column("score", figure_label("score"), "score"),
            ]
            + [Column(f, figure_label(f), "rate" if f in RATES else "count") for f in LEAGUE],
            rows,
            footer,
            chart=self._unit_chart(shown, ("assigned", "completed", "overdue_open")),
            note=note,
            empty=gettext("No unit to show."),
        )

    def _unit_chart(self, shown: list[dict[str, Any]], figures: tuple[str, ...]) -> dict[str, Any]:
        percent = all(f in RATES for f in figures)
        return {
            "type": "bar",
            "horizontal": True,
            "percent": percent,
            "labels": [row["name"] for row in shown],
            "series": [
                {
                    "name": figure_label(f),
                    "data": [row[f] for row in shown],
                    "links": [
                        "" if f in RATES else self.links.cases(f, unit=row["unit"]) for row in shown
                    ],
                }
                for f in figures
            ],
        }

    def _satisfaction(self) -> Table:
        shown = self.unit_rows
        rows = [
            Row(row["unit"], Cell(row["name"], "text"), self._unit_cells(row, SATISFACTION))
            for row in shown
        ]
        return Table(
            "satisfaction",
            gettext("Satisfaction"),
            gettext("Unit"),
            [Column(f, figure_label(f), "rate" if f in RATES else "count") for f in SATISFACTION],
            rows,
            self._totals(shown, SATISFACTION),
            chart=self._unit_chart(shown, ("satisfaction_rate",)),
            note=gettext(
                "Satisfied: satisfied or basically satisfied, of the callbacks that reached the "
                "complainant."
            ),
            empty=gettext("No unit to show."),
        )

    def _overdue(self) -> Table:
        counts = data.overdue_by_unit_and_severity(self.f, self.reader.scope, self.now)
        tree = unit_tree()
        names = {row["unit"]: row["name"] for row in self.ranked_units}
        own = self.reader.units
        units = [
            (tree.code[uid], names.get(tree.code[uid], tree.code[uid]), by)
            for uid, by in counts.items()
            if uid in tree.code and (own is None or uid in own)
        ]
        units.sort(key=lambda u: (-sum(u[2].values()), u[1]))
        severities = [(value, str(label)) for value, label in Severity.choices]
        top = max((n for _c, _n, by in units for n in by.values()), default=0)
        rows = [
            Row(
                code,
                Cell(name, "text"),
                [
                    Cell(
                        by.get(value, 0),
                        # A column the severity filter leaves out has nothing to list.
                        link=self.links.cases("overdue_open", unit=code, severity=value)
                        if self.f.severity in (None, value)
                        else "",
                        css=heat(by.get(value, 0), top),
                    )
                    for value, _label_ in severities
                ]
                + [Cell(sum(by.values()), link=self.links.cases("overdue_open", unit=code))],
            )
            for code, name, by in units
        ]
        return Table(
            "overdue",
            gettext("Overdue cases by unit and severity"),
            gettext("Unit"),
            [Column(value, label) for value, label in severities]
            + [Column("total", pgettext("statistics", "Total"))],
            rows,
            chart={
                "type": "heatmap",
                "labels": [name for _c, name, _by in units],
                "columns": [label for _v, label in severities],
                "series": [
                    {
                        "name": figure_label("overdue_open"),
                        "data": [
                            [x, y, row.cells[x].value]
                            for y, row in enumerate(rows)
                            for x in range(len(severities))
                        ],
                        "links": [
                            row.cells[x].link for row in rows for x in range(len(severities))
                        ],
                    }
                ],
            },
            note=gettext(
                "Cases a unit holds now past its due time, whatever the period: the other "
                "filters apply."
            ),
            empty=gettext("No unit holds an overdue case."),
        )
