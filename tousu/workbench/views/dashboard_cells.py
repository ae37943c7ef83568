"""What a dashboard table is made of: cells (a count linked to its cases, a rate, a change, a
text), columns, rows, and the table with the data of its chart — and the names of the figures.
The page, the chart and the Excel export all read the same `Table`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from math import ceil
from typing import Any

from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext_lazy

from tousu.cases.models import Severity
from tousu.orgs.models import Unit
from tousu.stats import query

# What each number counts, as the tables and the drill-down lists name it.
FIGURE_LABELS: dict[str, Promise] = {
    "received": pgettext_lazy("statistics", "Received"),
    "accepted": pgettext_lazy("statistics", "Accepted"),
    "not_accepted": pgettext_lazy("statistics", "Not accepted"),
    "referred": pgettext_lazy("statistics", "Referred out"),
    "closed": pgettext_lazy("statistics", "Closed"),
    "justified": pgettext_lazy("statistics", "Justified"),
    "unjustified": pgettext_lazy("statistics", "Not justified"),
    "valid": pgettext_lazy("statistics", "Valid"),
    "invalid": pgettext_lazy("statistics", "Not valid"),
    "collective": pgettext_lazy("statistics", "Collective"),
    "repeat": pgettext_lazy("statistics", "Repeat"),
    "assigned": pgettext_lazy("statistics", "Assigned"),
    "completed": pgettext_lazy("statistics", "Completed"),
    "completed_on_time": pgettext_lazy("statistics", "Completed on time"),
    "on_time_rate": pgettext_lazy("statistics", "On-time rate"),
    "overdue_open": pgettext_lazy("statistics", "Overdue now"),
    "returned": pgettext_lazy("statistics", "Returned"),
    "extensions": pgettext_lazy("statistics", "Extension requests"),
    "reworked": pgettext_lazy("statistics", "Reworked"),
    "callbacks": pgettext_lazy("statistics", "Callbacks"),
    "reached": pgettext_lazy("statistics", "Reached"),
    "satisfied": pgettext_lazy("statistics", "Satisfied"),
    "satisfaction_rate": pgettext_lazy("statistics", "Satisfaction rate"),
    "score": pgettext_lazy("statistics", "Score"),
    "rank": pgettext_lazy("statistics", "Rank"),
}
KEY_FIGURES = ("received", "accepted", "closed", "justified")
LEAGUE = (
    "assigned",
    "completed",
    "completed_on_time",
    "on_time_rate",
    "overdue_open",
    "returned",
    "extensions",
    "reworked",
)
SATISFACTION = ("callbacks", "reached", "satisfied", "satisfaction_rate")
RATES = {
    "on_time_rate": ("completed_on_time", "completed"),
    "satisfaction_rate": ("satisfied", "reached"),
}
UNIT_TREND = ("assigned", "completed")
CENTRE_TABLES = (
    "figures",
    "trend",
    "categories",
    "channels",
    "kinds",
    "hot",
    "league",
    "overdue",
    "satisfaction",
)
UNIT_TABLES = ("league", "trend", "overdue", "satisfaction")
HEAT_LEVELS = 4

# --- the parts -------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One value: a count (linked to its cases), a rate or change (a number in [0, 1] or any
    sign, None when there is nothing to divide by), or text."""

    value: Any
    kind: str = "count"  # count | rate | change | text | score
    link: str = ""
    css: str = ""

    @property
    def shown(self) -> str:
        if self.value is None:
            return "—"
        if self.kind == "rate":
            return f"{self.value * 100:.1f}%"
        if self.kind == "change":
            return f"{self.value * 100:+.1f}%"
        if self.kind == "score":
            return f"{self.value:.2f}" if isinstance(self.value, float) else str(self.value)
        return str(self.value)

    @property
    def html(self) -> SafeString:
        if self.link:
            return format_html('<a href="{}">{}</a>', self.link, self.shown)
        return format_html("{}", self.shown)

    @property
    def classes(self) -> str:
        numeric = "" if self.kind == "text" else "num"
        return " ".join(c for c in (numeric, self.kind, self.css) if c)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"


@dataclass(frozen=True)
class Row:
    key: str
    head: Cell
    cells: list[Cell]
    css: str = ""


@dataclass
class Table:
    key: str  # its ?export= name and the ids of its section, chart and table
    title: str
    head: str  # the heading of the row headers' column
    columns: list[Column]
    rows: list[Row]
    footer: list[Row] = field(default_factory=list)
    chart: dict[str, Any] | None = None
    note: str = ""
    empty: str = ""
    export_url: str = ""

    @property
    def body(self) -> list[tuple[Row, list[tuple[Column, Cell]]]]:
        """The rows with each cell beside its column (for the template)."""
        return [(row, list(zip(self.columns, row.cells, strict=True))) for row in self.rows]

    @property
    def foot(self) -> list[tuple[Row, list[tuple[Column, Cell]]]]:
        return [(row, list(zip(self.columns, row.cells, strict=True))) for row in self.footer]


def ratio(part: int, whole: int) -> float | None:
    return query.rate(part, whole)


def heat(n: int, top: int) -> str:
    return f"heat-{ceil(HEAT_LEVELS * n / top)}" if n and top else "heat-0"


def total_of(rows: Iterable[dict[str, Any]], key: str) -> int:
    return sum(int(row[key] or 0) for row in rows)


def figure_label(figure: str) -> str:
    """What a figure counts, in the reader's language (its API name when it has no label)."""
    return str(FIGURE_LABELS[figure]) if figure in FIGURE_LABELS else figure


def severity_label(value: str) -> str:
    return str(dict(Severity.choices).get(value, value))


def unit_name(code: str) -> str:
    """A unit's name, for a page's title."""
    return Unit.objects.filter(code=code).values_list("name", flat=True).first() or code
