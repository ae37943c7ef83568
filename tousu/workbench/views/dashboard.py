"""The dashboards of the director, the analyst and the unit leaders (docs/dashboards.md).

`/dashboard/`: the filters of the statistics API as a form, then the tables (each with its
chart, drawn by `static/workbench/dashboard.js` from a JSON block, and its Excel export,
`?export=<table>`). `/dashboard/cases/?list=<figure>&unit=<code>&<filters>`: the cases behind a
number, as `stats.query.cases_behind` lists them for the API, narrowed by the access gate.

Who reads what is `stats.access.reader_of`: centre readers everything, a unit leader their own
unit (another unit's list is a 404, as in the API), anyone else a 403. Every request first
counts the events not yet counted, like the API.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from tousu.calendar import services as calendar
from tousu.cases.access import visible_cases
from tousu.cases.models import Case, Channel, Kind, Severity
from tousu.orgs.models import CENTRE_KINDS, Unit
from tousu.orgs.staff import unit_tree
from tousu.stats import query, rollup
from tousu.stats.access import Reader, reader_of

from .. import listing
from ..http import HtmxHttpRequest
from . import dashboard_export
from . import dashboard_filters as filters
from .dashboard_cells import Table, figure_label, severity_label, unit_name
from .dashboard_tables import Dashboard
from .search import category_options

# How many new events a request counts before answering (as the API: api/stats.py).
CATCH_UP_LIMIT = 20000


def _reader(request: HttpRequest) -> Reader:
    reader = reader_of(request.user)
    if reader is None:
        raise PermissionDenied(gettext("you may not read statistics"))
    return reader


def _catch_up() -> datetime:
    now = timezone.now()
    rollup.catch_up(now, limit=CATCH_UP_LIMIT)
    return now


def _choices() -> dict[str, Any]:
    """The options of the filter form (two queries)."""
    return {
        "centres": list(
            Unit.objects.filter(kind__in=CENTRE_KINDS, is_active=True)
            .order_by("sort_order", "code")
            .values_list("code", "name")
        ),
        "channels": Channel.choices,
        "kinds": Kind.choices,
        "severities": Severity.choices,
        "categories": category_options(),
    }


def _subject(reader: Reader, board: Dashboard | None) -> str:
    """Whose dashboard: the centre, or the unit leader's units."""
    if reader.units is None or board is None:
        return ""
    return "、".join(name for _uid, _code, name in board.own_units)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    reader = _reader(request)
    now = _catch_up()
    today = calendar.local_date(now)
    form, parsed = filters.read(request.GET, today)
    board = Dashboard(parsed, reader, now)
    tables: list[Table] = []
    if form.is_valid():
        wanted = request.GET.get("export", "")
        try:
            if wanted:
                if wanted not in board.keys:
                    raise Http404
                return dashboard_export.response(board.table(wanted), parsed)
            tables = board.tables()
        except query.UnknownFilter as exc:
            form.add_error(exc.field, str(exc))
    valid = form.is_valid()
    return render(
        request,
        "workbench/dashboard.html",
        {
            "form": form,
            "parsed": parsed,
            "period": (parsed.filters.start, parsed.filters.end),
            "tables": tables,
            "charts": {t.key: t.chart for t in tables if t.chart and t.rows},
            "quick_periods": filters.quick_periods(parsed, today) if valid else [],
            "subject": _subject(reader, board) if valid else "",
            "unit_reader": reader.units is not None,
            **_choices(),
        },
        status=200 if valid else 400,
    )


# --- the cases behind a number -----------------------------------------------------------------


def _own_unit(reader: Reader, code: str) -> bool:
    return bool(code) and unit_tree().id_for_code(code) in (reader.units or ())


def _list_params(params: QueryDict, figure: str) -> QueryDict:
    """Only the list's own sorting and page: the filters were applied by `cases_behind` (the
    listing's own `unit` filter would mean the unit holding the case now, not the unit counted)."""
    kept = QueryDict(mutable=True)
    sort = params.get("sort", "")
    if sort in listing.SORTS:
        kept["sort"], kept["dir"] = sort, params.get("dir", "asc")
    elif figure == query.OVERDUE_OPEN:  # the most overdue first
        kept["sort"], kept["dir"] = "due", "asc"
    else:  # newest first
        kept["sort"], kept["dir"] = "received", "desc"
    page = params.get("page", "")
    if page:
        kept["page"] = page
    return kept


def _described(parsed: filters.Parsed) -> dict[str, Any]:
    f = parsed.filters
    return {
        "figure_label": figure_label(parsed.figure or ""),
        "unit_name": unit_name(parsed.unit) if parsed.unit else "",
        "severity_label": severity_label(f.severity) if f.severity else "",
        "period": (f.start, f.end),
        "back_url": filters.Links(parsed).dashboard(),
    }


@login_required
@require_GET
def dashboard_cases(request: HtmxHttpRequest) -> HttpResponse:
    reader = _reader(request)
    if reader.units is not None and not _own_unit(reader, request.GET.get("unit", "")):
        raise Http404  # another unit's cases do not exist for a unit leader
    now = _catch_up()
    form, parsed = filters.read(request.GET, calendar.local_date(now), drill=True)
    cases = None
    if form.is_valid():
        assert parsed.figure is not None
        try:
            behind = query.cases_behind(
                parsed.figure, parsed.filters, reader.scope, now, unit=parsed.unit
            )
            cases = Case.objects.filter(pk__in=behind.order_by().values("pk")).filter(
                pk__in=visible_cases(request.user).values("pk")
            )
        except query.UnknownFilter as exc:
            form.add_error(exc.field, str(exc))
    if cases is None:
        return render(
            request,
            "workbench/dashboard_cases.html",
            {"form": form, "listing": None, "back_url": filters.Links(parsed).dashboard()},
            status=400,
        )
    assert parsed.figure is not None
    context = {
        "form": form,
        "listing": listing.build(cases, _list_params(request.GET, parsed.figure), now),
        "list_url": request.path,
        **_described(parsed),
    }
    if request.htmx and request.htmx.target == "case-list":  # sorting, paging
        return render(request, "workbench/dashboard_case_list.html", context)
    return render(request, "workbench/dashboard_cases.html", context)
