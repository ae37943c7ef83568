"""Each staff member's own notification settings: what to be told of, how, in which language,
and when no SMS may come (`notify.Preference`, until now edited only in the admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms_preferences import PreferencesForm, preference_of


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = preference_of(request.user)
    if request.method != "POST":
        form = PreferencesForm(user=request.user, current=current)
        return render(request, "workbench/notification_preferences.html", {"form": form})
    form = PreferencesForm(request.POST, user=request.user, current=current)
    if not form.is_valid():  # nothing is written; the fields say what is wrong
        return render(
            request, "workbench/notification_preferences.html", {"form": form}, status=422
        )
    form.save()
    messages.success(request, _("Your notification settings are saved."))
    return redirect("workbench:notification_preferences")
