"""The staff member's notifications: the list (newest first, paged), mark one or all read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tousu.notify import inbox

from ..http import HtmxHttpRequest


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    try:
        number = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        number = 1
    items = inbox.page(request.user, number)
    return render(
        request,
        "workbench/notifications.html",
        {
            "items": items,
            "unread": inbox.unread_count(request.user),
            "page": number,
            "has_next": len(items) == inbox.PAGE_SIZE,
        },
    )


@login_required
@require_POST
def mark_read(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    if not inbox.mark_read(request.user, pk, timezone.now()):
        raise Http404
    return _back(request)


@login_required
@require_POST
def mark_all_read(request: HtmxHttpRequest) -> HttpResponse:
    inbox.mark_all_read(request.user, timezone.now())
    return _back(request)


def _back(request: HtmxHttpRequest) -> HttpResponse:
    if request.htmx:  # the list again, with the bell's count
        return notifications_partial(request)
    return redirect("workbench:notifications")


def notifications_partial(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workbench/partials/notification_list.html",
        {"items": inbox.page(request.user, 1), "unread": inbox.unread_count(request.user)},
    )
