"""The monthly report 月度投诉统计报告: what came in, what became of it, the units' table, as a
PDF to circulate (with charts) and an xlsx to work on (every table a sheet). Both are read from
the statistics (`tousu.stats.query`) with the reader's scope — the same numbers as the API and
the dashboards, never counted again here."""

from __future__ import annotations

import io
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import pgettext, pgettext_lazy

from tousu.assessment.scoring import ranked
from tousu.calendar import services as calendar
from tousu.cases.models import Channel, Kind, Severity
from tousu.lib import spreadsheet
from tousu.orgs.models import Unit
from tousu.stats import query

from .. import pdf
from ..letterhead import Heading, heading_for
from . import charts


@dataclass
class MonthlyReport:
    month: date  # its first day
    heading: Heading
    summary: dict[str, Any]
    units: list[dict[str, Any]]
    daily: list[tuple[date, int]]
    issued: date
    charts: dict[str, str] = field(default_factory=dict)  # name → data: URI of the PNG

    @property
    def title(self) -> str:
        return pgettext("report", "Complaints and reports received in %(month)s") % {
            "month": month_label(self.month)
        }


def month_label(month: date) -> str:
    return pgettext("month", "%(year)s-%(month)02d") % {"year": month.year, "month": month.month}


def period_of(month: date) -> tuple[date, date]:
    return month, month.replace(day=monthrange(month.year, month.month)[1])


def build(
    month: date, scope: query.Scope, centre: Unit, now: datetime, *, with_charts: bool = True
) -> MonthlyReport:
    start, end = period_of(month)
    f = query.Filters(start=start, end=end, centre=None)
    report = MonthlyReport(
        month=start,
        heading=heading_for(centre),
        summary=query.summary(f, scope),
        units=ranked(query.unit_figures(f, scope, now), start, end),
        daily=query.series(f, scope),
        issued=calendar.local_date(now),
    )
    if with_charts:
        report.charts = _charts(report)
    return report


def _charts(report: MonthlyReport) -> dict[str, str]:
    categories = report.summary["by_category"]
    channels = _labelled(report.summary["by_channel"], Channel)
    units = [u for u in report.units if u["assigned"] or u["completed"]]
    found = {
        "categories": charts.pie([c["name"] for c in categories], [c["count"] for c in categories]),
        "channels": charts.bars([label for label, _n in channels], [n for _l, n in channels]),
        "daily": charts.line(report.daily),
    }
    if units:
        found["units"] = charts.bars([u["name"] for u in units], [u["completed"] for u in units])
    return {name: pdf.data_uri(png, "image/png") for name, png in found.items()}


def _labelled(counts: dict[str, int], choices: Any) -> list[tuple[str, int]]:
    names = dict(choices.choices)
    return [(str(names.get(key, key)), n) for key, n in counts.items()]


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def render_pdf(report: MonthlyReport) -> bytes:
    s = report.summary
    context = {
        "report": report,
        "s": s,
        "by_kind": _labelled(s["by_kind"], Kind),
        "by_channel": _labelled(s["by_channel"], Channel),
        "by_severity": _labelled(s["by_severity"], Severity),
        "previous": percent(s["compare"]["previous"]["change"]),
        "last_year": percent(s["compare"]["last_year"]["change"]),
        "categories": [dict(c, share_text=percent(c["share"])) for c in s["by_category"]],
        "units": [
            dict(
                u,
                on_time_text=percent(u["on_time_rate"]),
                satisfaction_text=percent(u["satisfaction_rate"]),
            )
            for u in report.units
        ],
        "hot": [dict(h, change_text=percent(h["change"])) for h in s["hot_categories"]],
    }
    return pdf.render_pdf("documents/report_monthly.html", context)


# --- the workbook ------------------------------------------------------------------------------

UNIT_COLUMNS = (
    ("unit", pgettext_lazy("report", "unit code")),
    ("name", pgettext_lazy("report", "unit")),
    ("assigned", pgettext_lazy("report", "assigned")),
    ("completed", pgettext_lazy("report", "completed")),
    ("completed_on_time", pgettext_lazy("report", "completed on time")),
    ("on_time_rate", pgettext_lazy("report", "on-time rate")),
    ("overdue_open", pgettext_lazy("report", "overdue now")),
    ("returned", pgettext_lazy("report", "returned")),
    ("extensions", pgettext_lazy("report", "extension requests")),
    ("reworked", pgettext_lazy("report", "reworked")),
    ("callbacks", pgettext_lazy("report", "callbacks")),
    ("reached", pgettext_lazy("report", "complainant reached")),
    ("satisfied", pgettext_lazy("report", "satisfied")),
    ("satisfaction_rate", pgettext_lazy("report", "satisfaction rate")),
    ("score", pgettext_lazy("report", "score")),
    ("rank", pgettext_lazy("report", "rank")),
)


def render_xlsx(report: MonthlyReport) -> bytes:
    """One sheet per table; rates as numbers (formatted as percentages) for further work."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    s = report.summary
    rows: list[list[Any]] = [[label, s[key]] for key, label in _summary_rows()]
    rows += [
        [pgettext("report", "Month-on-month change"), s["compare"]["previous"]["change"]],
        [pgettext("report", "Year-on-year change"), s["compare"]["last_year"]["change"]],
    ]
    _table(
        book,
        pgettext("report", "Summary"),
        [report.title, pgettext("report", "Cases")],
        rows,
        rates=(),
        rate_rows=(len(rows) - 2, len(rows) - 1),
    )
    _table(
        book,
        pgettext("report", "Categories"),
        [
            pgettext("report", "Code"),
            pgettext("report", "Category"),
            pgettext("report", "Cases"),
            pgettext("report", "Share"),
        ],
        [[c["code"], c["name"], c["count"], c["share"]] for c in s["by_category"]],
        rates=(3,),
    )
    _table(
        book,
        pgettext("report", "Channels"),
        [pgettext("report", "Channel"), pgettext("report", "Cases")],
        [list(p) for p in _labelled(s["by_channel"], Channel)],
    )
    _table(
        book,
        pgettext("report", "Kinds"),
        [pgettext("report", "Kind"), pgettext("report", "Cases")],
        [list(p) for p in _labelled(s["by_kind"], Kind)],
    )
    _table(
        book,
        pgettext("report", "Units"),
        [str(label) for _key, label in UNIT_COLUMNS],
        [[u[key] for key, _label in UNIT_COLUMNS] for u in report.units],
        rates=(5, 13),
    )
    _table(
        book,
        pgettext("report", "Hot categories"),
        [
            pgettext("report", "Code"),
            pgettext("report", "Category"),
            pgettext("report", "Cases"),
            pgettext("report", "Previous period"),
        ],
        [[h["code"], h["name"], h["count"], h["previous"]] for h in s["hot_categories"]],
    )
    _table(
        book,
        pgettext("report", "Daily"),
        [pgettext("report", "Day"), pgettext("report", "Cases received")],
        [[day, n] for day, n in report.daily],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary_rows() -> list[tuple[str, str]]:
    return [
        ("received", pgettext("report", "Received")),
        ("accepted", pgettext("report", "Accepted")),
        ("not_accepted", pgettext("report", "Not accepted")),
        ("referred", pgettext("report", "Referred out")),
        ("closed", pgettext("report", "Closed")),
        ("justified", pgettext("report", "Justified")),
        ("unjustified", pgettext("report", "Not justified")),
        ("valid", pgettext("report", "Valid")),
        ("invalid", pgettext("report", "Invalid")),
        ("collective", pgettext("report", "Collective")),
        ("repeat", pgettext("report", "Repeat")),
    ]


def _table(
    book: Any,
    title: str,
    header: list[str],
    rows: list[list[Any]],
    rates: tuple[int, ...] = (),
    rate_rows: tuple[int, ...] = (),
) -> None:
    """A sheet: the header, then the rows; the columns `rates` (and every number of the rows
    `rate_rows`) shown as percentages."""
    from openpyxl.cell import WriteOnlyCell

    sheet = book.create_sheet(title)
    sheet.append(spreadsheet.row(sheet, header))
    for i, values in enumerate(rows):
        cells = spreadsheet.row(sheet, values)
        for column, value in enumerate(values):
            if isinstance(value, float) and (column in rates or i in rate_rows):
                cells[column] = WriteOnlyCell(sheet, value=value)
                cells[column].number_format = "0.0%"
        sheet.append(cells)
