"""The half-yearly bulletin 情况通报: a Word draft the leaders edit before it goes out.

What the numbers say is written for them (received, month by month, categories, units: the
best and those to improve, with their figures); what only they can say — the problems seen, the
work ahead — is left as marked places to fill in. The charts are pictures in the document.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import pgettext

from tousu.assessment.scoring import ranked
from tousu.calendar import services as calendar
from tousu.orgs.models import Unit
from tousu.stats import query

from .. import docx
from ..letterhead import heading_for
from . import charts
from .monthly import percent


def period_of(year: int, half: int) -> tuple[date, date]:
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == 1
        else (date(year, 7, 1), date(year, 12, 31))
    )


def render(year: int, half: int, scope: query.Scope, centre: Unit, now: datetime) -> bytes:
    start, end = period_of(year, half)
    f = query.Filters(start=start, end=end)
    s = query.summary(f, scope)
    units = ranked(query.unit_figures(f, scope, now), start, end)
    months = query.series(f, scope, by="month")
    heading = heading_for(centre)
    title = (
        pgettext("report", "Bulletin on complaints and reports, first half of %(year)s")
        if half == 1
        else pgettext("report", "Bulletin on complaints and reports, second half of %(year)s")
    ) % {"year": year}

    document = docx.new_document()
    head = docx.add_text(document, heading.name, size=20, bold=True, align="center", color=docx.RED)
    docx.rule(head)
    docx.add_text(document, title, size=16, bold=True, align="center", space_after=6)
    docx.add_text(
        document,
        pgettext("report", "Draft of %(day)s, generated from the statistics: edit before issuing.")
        % {"day": calendar.local_date(now).isoformat()},
        size=9,
        align="center",
        space_after=12,
    )
    _overview(document, s, start, end)
    _months(document, months)
    _categories(document, s)
    _units(document, units)
    _to_fill(document)
    return docx.to_bytes(document)


def _section(document: Any, text: str) -> None:
    docx.add_text(document, text, size=14, bold=True, font=docx.SANS, space_after=4)


def _overview(document: Any, s: dict[str, Any], start: date, end: date) -> None:
    _section(document, pgettext("report", "1. Overview"))
    docx.add_text(
        document,
        pgettext(
            "report",
            "From %(start)s to %(end)s the centre received %(received)s cases "
            "(%(change)s against the half-year before, %(yoy)s against the same period a year "
            "earlier). %(accepted)s were accepted and %(not_accepted)s not accepted; "
            "%(closed)s are closed. Of the results, %(justified)s found the complaint "
            "justified. %(collective)s cases were collective and %(repeat)s repeated an "
            "earlier complaint.",
        )
        % {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "received": s["received"],
            "change": percent(s["compare"]["previous"]["change"]),
            "yoy": percent(s["compare"]["last_year"]["change"]),
            "accepted": s["accepted"],
            "not_accepted": s["not_accepted"],
            "closed": s["closed"],
            "justified": s["justified"],
            "collective": s["collective"],
            "repeat": s["repeat"],
        },
        indent=True,
        space_after=6,
    )


def _months(document: Any, months: list[tuple[date, int]]) -> None:
    docx.add_text(
        document,
        pgettext("report", "Cases received each month: %(months)s.")
        % {"months": ", ".join(f"{d:%Y-%m} {n}" for d, n in months)},
        indent=True,
        space_after=4,
    )
    docx.add_image(document, charts.line(months, monthly=True), width_cm=15, align="center")


def _categories(document: Any, s: dict[str, Any]) -> None:
    _section(document, pgettext("report", "2. What the cases were about"))
    rows = s["by_category"]
    if not rows:
        docx.add_text(document, pgettext("report", "No cases."), indent=True)
        return
    docx.add_text(
        document,
        pgettext("report", "By category: %(shares)s.")
        % {"shares": ", ".join(f"{c['name']} {percent(c['share'])}" for c in rows[:8])},
        indent=True,
        space_after=4,
    )
    docx.add_image(
        document,
        charts.pie([c["name"] for c in rows], [c["count"] for c in rows]),
        width_cm=14,
        align="center",
    )
    hot = s["hot_categories"][:5]
    if hot:
        docx.add_text(
            document,
            pgettext("report", "The most frequent matters: %(hot)s.")
            % {"hot": ", ".join(f"{h['name']} ({h['count']})" for h in hot)},
            indent=True,
            space_after=6,
        )


def _units(document: Any, units: list[dict[str, Any]]) -> None:
    _section(document, pgettext("report", "3. The handling units"))
    active = [u for u in units if u["assigned"] or u["completed"]]
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    header = (
        pgettext("report", "Rank"),
        pgettext("report", "Unit"),
        pgettext("report", "Completed"),
        pgettext("report", "On time"),
        pgettext("report", "Satisfaction"),
        pgettext("report", "Score"),
    )
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for u in active:
        values = (
            "—" if u["rank"] is None else str(u["rank"]),
            u["name"],
            str(u["completed"]),
            percent(u["on_time_rate"]),
            percent(u["satisfaction_rate"]),
            "—" if u["score"] is None else str(u["score"]),
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    late = [u for u in active if u["on_time_rate"] is not None and u["on_time_rate"] < 0.9]
    if late:
        docx.add_text(
            document,
            pgettext("report", "Units whose on-time rate was below 90%%: %(units)s.")
            % {"units": ", ".join(f"{u['name']} {percent(u['on_time_rate'])}" for u in late)},
            indent=True,
            space_after=6,
        )


def _to_fill(document: Any) -> None:
    _section(document, pgettext("report", "4. Problems seen"))
    docx.add_text(
        document, pgettext("report", "[To be written by the centre's leaders.]"), indent=True
    )
    _section(document, pgettext("report", "5. The work ahead"))
    docx.add_text(
        document, pgettext("report", "[To be written by the centre's leaders.]"), indent=True
    )
