"""Search (number, tracking code, phone, name, respondent, free text, filters) and its export to
Excel. Everything goes through `visible_cases(user)`: what a user may not see is never found."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tousu.calendar import services as calendar
from tousu.cases.models import Kind, Severity, Status
from tousu.categories.models import Category
from tousu.orgs.models import CENTRE_KINDS, Unit

from .. import export, listing
from .. import search as finder
from ..http import HtmxHttpRequest

audit = logging.getLogger("tousu.audit")


@dataclass(frozen=True)
class CategoryOption:
    code: str
    label: str


def category_options() -> list[CategoryOption]:
    """The active category tree, depth-first, indented (one query)."""
    rows = list(
        Category.objects.filter(is_active=True)
        .order_by("sort_order", "code")
        .values_list("id", "parent_id", "code", "name")
    )
    children: dict[int | None, list[tuple[int, str, str]]] = {}
    known = {pk for pk, _parent, _code, _name in rows}
    for pk, parent, code, name in rows:
        # A child of an inactive category shows at the top level rather than not at all.
        children.setdefault(parent if parent in known else None, []).append((pk, code, name))
    options: list[CategoryOption] = []

    def walk(parent: int | None, depth: int) -> None:
        for pk, code, name in children.get(parent, []):
            options.append(CategoryOption(code, "\u3000" * depth + name))
            walk(pk, depth + 1)

    walk(None, 0)
    return options


def _context(request: HttpRequest, now: Any) -> dict[str, Any]:
    found = finder.run(request.user, request.GET, now)
    params = finder.with_default_sort(request.GET)
    cases = finder.all_filters(found, params)
    result = listing.build(cases, params, now, "received") if cases is not None else None
    url = reverse("workbench:search")
    return {
        "search": found,
        "form": found.form,
        "listing": result,
        "list_url": url,
        "search_url": url,
        "max_rows": export.MAX_ROWS,
        "too_many": result is not None and result.page.paginator.count > export.MAX_ROWS,
        "kinds": Kind.choices,
        "severities": Severity.choices,
        "statuses": Status.choices,
        "chosen_statuses": request.GET.getlist("status"),
        "units": Unit.objects.filter(is_active=True)
        .exclude(kind__in=CENTRE_KINDS)
        .order_by("sort_order", "code"),
        "categories": category_options(),
    }


@login_required
@require_GET
def search(request: HtmxHttpRequest) -> HttpResponse:
    now = timezone.now()
    context = _context(request, now)
    if request.htmx and request.htmx.target == "case-list":  # sorting, paging
        return render(request, "workbench/partials/search_results.html", context)
    if request.htmx and request.htmx.target == "search-body":  # the form submitted
        return render(request, "workbench/partials/search_body.html", context)
    return render(request, "workbench/search.html", context)


def content_disposition(filename: str, fallback: str) -> str:
    """RFC 6266/5987: an ASCII name for old clients, the UTF-8 name for the others."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


@login_required
@require_GET
def search_export(request: HttpRequest) -> FileResponse:
    now = timezone.now()
    found = finder.run(request.user, request.GET, now)
    params = finder.with_default_sort(request.GET)
    cases = finder.all_filters(found, params)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    result = export.write(
        out,
        cases,
        params,
        user=request.user,
        with_identity=found.identity,
        now=now,
    )
    audit.info(
        "export user=%s rows=%d truncated=%s params=%s",
        request.user.get_username(),
        result.rows,
        result.truncated,
        finder.logged_params(request.GET),
    )
    out.seek(0)
    day = calendar.local_date(now).strftime("%Y%m%d")
    response = FileResponse(out, content_type=export.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(
        _("Case export") + f"-{day}.xlsx", f"cases-{day}.xlsx"
    )
    if result.truncated:
        response["X-Tousu-Truncated"] = str(export.MAX_ROWS)
    return response
