"""The duty page 值班: today's shifts and the next ones of the user's centre, who is on duty now,
the handover notes, and the form the person on duty writes the next shift's note with."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tousu.orgs import duty as roster


@login_required
@require_http_methods(["GET", "POST"])
def duty(request: HttpRequest) -> HttpResponse:
    centres = roster.duty_centres(request.user)
    if not centres:  # no centre-side role: there is no roster of theirs to show
        raise Http404
    now = timezone.now()
    if request.method != "POST":
        return _page(request, centres, now)
    text = request.POST.get("text", "")
    try:
        roster.write_handover(request.user, centres, text, now)
    except roster.HandoverRefused as refused:
        on_shift = roster.current_shift_of(request.user, centres, now) is not None
        return _page(
            request, centres, now, error=str(refused), text=text, status=400 if on_shift else 403
        )
    messages.success(request, _("Handover note saved for the next shift."))
    return redirect("workbench:duty")


def _page(
    request: HttpRequest,
    centres: list[int],
    now: datetime,
    *,
    error: str = "",
    text: str = "",
    status: int = 200,
) -> HttpResponse:
    shifts = roster.shifts_of_the_day(centres, now)
    context = {
        "shifts": shifts,
        "now": now,
        "current_ids": {s.pk for s in shifts if s.starts_at <= now < s.ends_at},
        "my_shift": roster.current_shift_of(request.user, centres, now),
        "notes": roster.handover_notes(centres),
        "in_office_hours": roster.in_office_hours(now),
        "error": error,
        "text": text,
        "max_length": roster.HANDOVER_MAX_LENGTH,
    }
    return render(request, "workbench/duty.html", context, status=status)
