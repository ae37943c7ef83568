"""The workbench: my queues with live counts, each a sortable, filterable, paginated list."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tousu.cases.models import Kind, Severity
from tousu.categories.models import Category
from tousu.orgs.models import CENTRE_KINDS, Unit

from .. import listing, queues
from ..http import HtmxHttpRequest


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """The first queue with work in it (so the counts are needed, and then shown and cached)."""
    now = timezone.now()
    counts = queues.cached_counts(request.user, now)
    return _queue_page(request, queues.first_with_work(request.user, counts), now, counts)


@login_required
def queue(request: HtmxHttpRequest, key: str) -> HttpResponse:
    chosen = queues.queue_of(request.user, key)
    if chosen is None:  # no such queue, or not one for this user's roles
        raise Http404
    now = timezone.now()
    if request.htmx and request.htmx.target == "case-list":
        return _render_list(request, chosen, now)
    # The counts only if cached: otherwise the navigation fetches them after the page loads.
    return _queue_page(request, chosen, now, queues.peek_counts(request.user))


@login_required
def queue_counts(request: HttpRequest) -> HttpResponse:
    """The count badges alone: fetched once the page has loaded, then every minute."""
    counts = queues.cached_counts(request.user, timezone.now())
    return render(
        request,
        "workbench/partials/queue_nav.html",
        {
            "queues": queues.queues_of(request.user),
            "counts": counts,
            "current": request.GET.get("current", ""),
        },
    )


def _list_context(request: HttpRequest, chosen: queues.Queue, now: datetime) -> dict[str, object]:
    qs = queues.queue_cases(request.user, chosen, now)
    result = listing.build(qs, request.GET, now, chosen.default_sort, capped=True)
    return {
        "listing": result,
        "queue": chosen,
        "list_url": request.path,
        "kinds": Kind.choices,
        "severities": Severity.choices,
        "units": Unit.objects.filter(is_active=True).exclude(kind__in=CENTRE_KINDS),
        "categories": Category.objects.filter(is_active=True, parent__isnull=True),
    }


def _render_list(request: HttpRequest, chosen: queues.Queue, now: datetime) -> HttpResponse:
    return render(request, "workbench/partials/case_list.html", _list_context(request, chosen, now))


def _queue_page(
    request: HttpRequest, chosen: queues.Queue, now: datetime, counts: dict[str, int] | None
) -> HttpResponse:
    context = _list_context(request, chosen, now)
    context.update(
        {"queues": queues.queues_of(request.user), "counts": counts, "current": chosen.key}
    )
    return render(request, "workbench/workbench.html", context)
