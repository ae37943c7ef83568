"""The dashboards' tables: each one what the page shows (a caption, `<th scope>` headers, every
count a link to its cases), the data of the chart beside it, and the rows of its Excel export —
one definition for all three, so they never disagree.

A centre reader (director, deputy, analyst, supervisor, administrator) gets every table of the
centre; a unit leader gets their own unit's row of the units table (with its rank among all
units), its trend, its overdue cases and its satisfaction — never another unit's row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.utils.translation import gettext, pgettext

from tousu.cases.models import Channel, Kind
from tousu.stats import query
from tousu.stats.access import Reader
from tousu.stats.marks import RECEIVED

from . import dashboard_data as data
from .dashboard_cells import (
    CENTRE_TABLES,
    KEY_FIGURES,
    UNIT_TABLES,
    UNIT_TREND,
    Cell,
    Column,
    Row,
    Table,
    figure_label,
    ratio,
)
from .dashboard_filters import Links, Parsed
from .dashboard_units import UnitTables

# --- the tables --------------------------------------------------------------------------------


class Dashboard(UnitTables):
    """The tables one reader may see for one set of filters, each computed when first asked
    (an export computes only its own)."""

    def __init__(self, parsed: Parsed, reader: Reader, now: datetime) -> None:
        self.parsed = parsed
        self.f = parsed.filters
        self.reader = reader
        self.now = now
        self.links = Links(parsed)

    @property
    def keys(self) -> tuple[str, ...]:
        return CENTRE_TABLES if self.reader.units is None else UNIT_TABLES

    def tables(self) -> list[Table]:
        return [self.table(key) for key in self.keys]

    def table(self, key: str) -> Table:
        """One table by its name (a KeyError for a table this reader does not get)."""
        if key not in self.keys:
            raise KeyError(key)
        builders: dict[str, Callable[[], Table]] = {
            "figures": self._figures,
            "trend": self._trend,
            "categories": self._categories,
            "channels": self._channels,
            "kinds": self._kinds,
            "hot": self._hot,
            "league": self._league,
            "overdue": self._overdue,
            "satisfaction": self._satisfaction,
        }
        table = builders[key]()
        table.export_url = self.links.export(key)
        return table

    # the numbers, read once ------------------------------------------------------------------

    @cached_property
    def summary(self) -> dict[str, Any]:
        return query.summary(self.f, self.reader.scope)

    def _period(self, figure: str, start: date, end: date, **narrower: str) -> str:
        return self.links.cases(figure, start=start, end=end, **narrower)

    # key figures -----------------------------------------------------------------------------

    def _figures(self) -> Table:
        compare = self.summary["compare"]
        previous = self._shifted(compare["previous"])
        last_year = self._shifted(compare["last_year"])
        then = query.totals(previous, self.reader.scope)
        year_ago = query.totals(last_year, self.reader.scope)
        rows = []
        for figure in KEY_FIGURES:
            now_n, then_n, year_n = int(self.summary[figure]), then[figure], year_ago[figure]
            rows.append(
                Row(
                    figure,
                    Cell(figure_label(figure), "text"),
                    [
                        Cell(now_n, link=self.links.cases(figure)),
                        Cell(then_n, link=self._period(figure, previous.start, previous.end)),
                        Cell(ratio(now_n - then_n, then_n), "change"),
                        Cell(year_n, link=self._period(figure, last_year.start, last_year.end)),
                        Cell(ratio(now_n - year_n, year_n), "change"),
                    ],
                )
            )
        return Table(
            "figures",
            gettext("Key figures"),
            pgettext("statistics", "Figure"),
            [
                Column("period", pgettext("statistics", "This period")),
                Column(
                    "previous", gettext("Period before (%(from)s – %(to)s)") % compare["previous"]
                ),
                Column("previous_change", gettext("Change on the period before"), "change"),
                Column(
                    "last_year",
                    gettext("A year earlier (%(from)s – %(to)s)") % compare["last_year"],
                ),
                Column("last_year_change", gettext("Change on a year earlier"), "change"),
            ],
            rows,
            note=gettext(
                "Cases received in the period, and how many of them were accepted, closed and "
                "found justified so far."
            ),
        )

    def _shifted(self, compared: dict[str, Any]) -> query.Filters:
        return self.f.shifted(
            date.fromisoformat(compared["from"]), date.fromisoformat(compared["to"])
        )

    # the trend -------------------------------------------------------------------------------

    def _trend(self) -> Table:
        periods = data.buckets(self.f.start, self.f.end)
        by_day = bool(periods) and periods[0].start == periods[0].end
        series: list[tuple[str, str | None, list[int]]] = []  # (label, unit code, per bucket)
        figures: list[str] = []
        if self.reader.units is None:
            counts = data.daily((RECEIVED,), self.f, self.reader.scope)[RECEIVED]
            series.append((figure_label(RECEIVED), None, data.per_bucket(counts, periods)))
            figures.append(RECEIVED)
        else:
            several = len(self.own_units) > 1
            for uid, code, name in self.own_units:
                counts_of = data.daily(UNIT_TREND, self.f, self.reader.scope, unit_id=uid)
                for figure in UNIT_TREND:
                    label = f"{name} · {figure_label(figure)}" if several else figure_label(figure)
                    series.append((label, code, data.per_bucket(counts_of[figure], periods)))
                    figures.append(figure)
        rows = [
            Row(
                bucket.label,
                Cell(bucket.label, "text"),
                [
                    Cell(
                        values[i],
                        link=self.links.cases(
                            figure, unit=code, start=bucket.start, end=bucket.end
                        ),
                    )
                    for figure, (_label_, code, values) in zip(figures, series, strict=True)
                ],
            )
            for i, bucket in enumerate(periods)
        ]
        if self.reader.units is None:
            title = gettext("Received per day") if by_day else gettext("Received per month")
        else:
            title = (
                gettext("Transfers and completions per day")
                if by_day
                else gettext("Transfers and completions per month")
            )
        return Table(
            "trend",
            title,
            pgettext("statistics", "Day") if by_day else pgettext("statistics", "Month"),
            [Column(f"s{i}", label) for i, (label, _code, _values) in enumerate(series)],
            rows,
            chart={
                "type": "line",
                "labels": [bucket.label for bucket in periods],
                "series": [
                    {
                        "name": label,
                        "data": values,
                        "links": [c.link for c in self._column(rows, i)],
                    }
                    for i, (label, _code, values) in enumerate(series)
                ],
            },
        )

    @staticmethod
    def _column(rows: list[Row], i: int) -> list[Cell]:
        return [row.cells[i] for row in rows]

    # shares ----------------------------------------------------------------------------------

    def _share_table(
        self,
        key: str,
        title: str,
        head: str,
        entries: list[tuple[str, str, int, str]],  # (key, label, count, link)
        chart: str,
    ) -> Table:
        total = sum(n for _k, _l, n, _u in entries)
        rows = [
            Row(k, Cell(label, "text"), [Cell(n, link=link), Cell(ratio(n, total), "rate")])
            for k, label, n, link in entries
        ]
        return Table(
            key,
            title,
            head,
            [
                Column("count", figure_label(RECEIVED)),
                Column("share", pgettext("statistics", "Share"), "rate"),
            ],
            rows,
            chart={
                "type": chart,
                "labels": [label for _k, label, _n, _u in entries],
                "series": [
                    {
                        "name": figure_label(RECEIVED),
                        "data": [n for _k, _l, n, _u in entries],
                        "links": [link for _k, _l, _n, link in entries],
                    }
                ],
            },
            empty=gettext("No case was received in the period."),
        )

    def _categories(self) -> Table:
        entries = [
            (
                row["code"] or "",
                str(row["name"]),
                int(row["count"]),
                self.links.cases(RECEIVED, category=row["code"]) if row["code"] else "",
            )
            for row in self.summary["by_category"]
        ]
        table = self._share_table(
            "categories", gettext("Category shares"), gettext("Category"), entries, "pie"
        )
        if any(not code for code, *_rest in entries):
            table.note = gettext(
                "Cases without a category cannot be listed by category: find them with the search."
            )
        return table

    def _choice_shares(self, key: str, title: str, head: str, name: str, choices: Any) -> Table:
        counts = self.summary[f"by_{name}"]
        entries = [
            (value, str(label), int(counts[value]), self.links.cases(RECEIVED, **{name: value}))
            for value, label in choices
            if counts.get(value)
        ]
        return self._share_table(key, title, head, entries, "pie" if name == "kind" else "bar")

    def _channels(self) -> Table:
        return self._choice_shares(
            "channels", gettext("Channel mix"), gettext("Channel"), "channel", Channel.choices
        )

    def _kinds(self) -> Table:
        return self._choice_shares("kinds", gettext("Kinds"), gettext("Kind"), "kind", Kind.choices)

    def _hot(self) -> Table:
        previous = self._shifted(self.summary["compare"]["previous"])
        rows = []
        for hot in self.summary["hot_categories"]:
            code = hot["code"] or ""
            rows.append(
                Row(
                    code,
                    Cell(hot["name"] or code, "text"),
                    [
                        Cell(hot["count"], link=self.links.cases(RECEIVED, category=code)),
                        Cell(
                            hot["previous"],
                            link=self._period(
                                RECEIVED, previous.start, previous.end, category=code
                            ),
                        ),
                        Cell(hot["change"], "change"),
                    ],
                )
            )
        return Table(
            "hot",
            gettext("Hot categories"),
            gettext("Category"),
            [
                Column("count", pgettext("statistics", "This period")),
                Column("previous", pgettext("statistics", "Period before")),
                Column("change", pgettext("statistics", "Change"), "change"),
            ],
            rows,
            chart={
                "type": "bar",
                "horizontal": True,
                "labels": [row.head.value for row in rows],
                "series": [
                    {
                        "name": pgettext("statistics", "This period"),
                        "data": [row.cells[0].value for row in rows],
                        "links": [row.cells[0].link for row in rows],
                    },
                    {
                        "name": pgettext("statistics", "Period before"),
                        "data": [row.cells[1].value for row in rows],
                        "links": [row.cells[1].link for row in rows],
                    },
                ],
            },
            empty=gettext("No case was received in the period."),
        )
