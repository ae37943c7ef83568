"""The dashboards' filters: the very query parameters of the statistics API (`from`, `to`,
`centre`, `channel`, `kind`, `category`, `severity`; `list` and `unit` for the cases behind a
number), read by one form for every dashboard page, its drill-down lists and its exports, with
the API's rules and words. The period defaults to the current month.

Bad input is the form's error, naming its field (the page answers 400); an unknown centre,
category or unit is found by `stats.query` (`UnknownFilter`) and added to the same form.
"""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tousu.cases.models import Channel, Kind, Severity
from tousu.stats import query

# The API's limit (`api/stats.py`): ten years of days.
LONGEST_PERIOD_DAYS = 3660
# The filters every link of a dashboard carries on, in the API's order.
FILTER_KEYS = ("from", "to", "centre", "channel", "kind", "category", "severity")
DRILL_KEYS = ("list", "unit")


def _choices(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("all")), *choices]


class StatsFilterForm(forms.Form):
    """The API's parameters. `from` and `to` are Python keywords: added below."""

    centre = forms.CharField(required=False, max_length=40, label=_("Centre"))
    channel = forms.ChoiceField(
        required=False, choices=_choices(Channel.choices), label=_("Channel")
    )
    kind = forms.ChoiceField(required=False, choices=_choices(Kind.choices), label=_("Kind"))
    category = forms.CharField(required=False, max_length=40, label=_("Category"))
    severity = forms.ChoiceField(
        required=False, choices=_choices(Severity.choices), label=_("Severity")
    )
    unit = forms.CharField(required=False, max_length=40, label=_("Unit"))

    def __init__(self, data: QueryDict, *, today: date, drill: bool = False) -> None:
        super().__init__(data)
        self.today = today
        # The figure to list: required on the drill-down page, ignored elsewhere.
        self.fields["list"] = forms.CharField(
            required=drill, max_length=40, label=pgettext_lazy("statistics", "Figure")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        if "from" in self.errors or "to" in self.errors:
            return cleaned
        start, end = default_period(start, end, self.today)
        if end < start:
            self.add_error("to", gettext("`to` must not be before `from`"))
        elif (end - start).days > LONGEST_PERIOD_DAYS:
            self.add_error("to", gettext("the period must not be longer than ten years"))
        else:
            cleaned["from"], cleaned["to"] = start, end
        return cleaned


StatsFilterForm.base_fields = {
    "from": forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        label=pgettext_lazy("period", "From"),
    ),
    "to": forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        label=pgettext_lazy("period", "To"),
    ),
    **StatsFilterForm.base_fields,
}


def month_of(day: date) -> tuple[date, date]:
    """The first and the last day of `day`'s month."""
    last = gregorian.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def default_period(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """A missing end is the end of the start's month; a missing start the first day of the
    end's month; neither: the current month."""
    if start is None and end is None:
        return month_of(today)
    if start is None:
        assert end is not None
        return month_of(end)[0], end
    if end is None:
        return start, month_of(start)[1]
    return start, end


@dataclass(frozen=True)
class Parsed:
    """What the form read, ready for `stats.query`."""

    filters: query.Filters
    figure: str | None  # `list`
    unit: str | None  # `unit`

    def params(self) -> dict[str, str]:
        """The filters as query parameters (empty ones left out), in the API's order."""
        f = self.filters
        values = {
            "from": f.start.isoformat(),
            "to": f.end.isoformat(),
            "centre": f.centre or "",
            "channel": f.channel or "",
            "kind": f.kind or "",
            "category": f.category or "",
            "severity": f.severity or "",
        }
        return {key: value for key, value in values.items() if value}


def read(params: QueryDict, today: date, *, drill: bool = False) -> tuple[StatsFilterForm, Parsed]:
    """The one reader of the dashboards' parameters. The Parsed is meaningful only when the form
    is valid; otherwise it holds the default period (for the page around the form's errors)."""
    form = StatsFilterForm(params, today=today, drill=drill)
    if form.is_valid():
        data = form.cleaned_data
        filters = query.Filters(
            start=data["from"],
            end=data["to"],
            centre=data["centre"] or None,
            channel=data["channel"] or None,
            kind=data["kind"] or None,
            category=data["category"] or None,
            severity=data["severity"] or None,
        )
        return form, Parsed(filters, data.get("list") or None, data["unit"] or None)
    start, end = month_of(today)
    return form, Parsed(query.Filters(start=start, end=end), None, None)


# --- links -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """The URLs a dashboard links to, all carrying its filters."""

    parsed: Parsed

    def cases(
        self,
        figure: str,
        *,
        unit: str | None = None,
        start: date | None = None,
        end: date | None = None,
        **narrower: str,
    ) -> str:
        """The cases behind a number: `/dashboard/cases/?from=…&list=<figure>&unit=<code>`.
        `start`/`end` for another period (a day of the trend, the period before); `narrower`
        replaces a filter (a category's share: category=<its code>)."""
        params = self.parsed.params()
        if start is not None and end is not None:
            params["from"], params["to"] = start.isoformat(), end.isoformat()
        params.update({key: value for key, value in narrower.items() if value})
        params["list"] = figure
        if unit:
            params["unit"] = unit
        return reverse("workbench:dashboard_cases") + "?" + urlencode(params)

    def dashboard(self, **changes: str) -> str:
        params = self.parsed.params()
        params.update(changes)
        return reverse("workbench:dashboard") + "?" + urlencode(params)

    def export(self, table: str) -> str:
        return self.dashboard(export=table)


@dataclass(frozen=True)
class QuickPeriod:
    key: str
    label: str
    url: str
    current: bool


def quick_periods(parsed: Parsed, today: date) -> list[QuickPeriod]:
    """This month, last month, this year — keeping the other filters."""
    this_month = month_of(today)
    last_month = month_of(this_month[0] - timedelta(days=1))
    this_year = (today.replace(month=1, day=1), today.replace(month=12, day=31))
    shown = (parsed.filters.start, parsed.filters.end)
    links = Links(parsed)
    return [
        QuickPeriod(
            key,
            str(label),
            links.dashboard(**{"from": start.isoformat(), "to": end.isoformat()}),
            shown == (start, end),
        )
        for key, label, (start, end) in (
            ("this-month", pgettext_lazy("period", "This month"), this_month),
            ("last-month", pgettext_lazy("period", "Last month"), last_month),
            ("this-year", pgettext_lazy("period", "This year"), this_year),
        )
    ]
