"""The track page: a case number or tracking code and the query password show the case's progress
in plain language (`cases.progress`, the wording every public channel shares). A wrong password
and an unknown code get the same answer; ten failures for a code within an hour lock it for an
hour (`lockout`).

After a right password the browser's session is bound to that case for
`TOUSU_PORTAL_TRACK_MINUTES`: the citizen may then add material, withdraw the case, and rate the
reply — each a POST that redirects back to the case page (nothing of the password is kept)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from tousu.cases import citizen, lockout
from tousu.cases.errors import InvalidInput, NotAllowed
from tousu.cases.models import FINAL_STATUSES, Case, Channel, Kind
from tousu.cases.progress import case_for_citizen, progress_of
from tousu.cases.supplement import add_material

from .. import abuse
from ..forms import MaterialForm, RateForm, TrackForm, WithdrawForm
from .common import page, place_errors

log = logging.getLogger("tousu.portal")

TRACKED = "tousu.portal.tracked"  # {"case": id, "until": epoch seconds}


def _bind(request: HttpRequest, case: Case, now: datetime) -> None:
    # A new session key: whoever knew the old cookie does not share the case.
    request.session.cycle_key()
    until = now + timedelta(minutes=settings.TOUSU_PORTAL_TRACK_MINUTES)
    request.session[TRACKED] = {"case": case.pk, "until": int(until.timestamp())}


def _tracked(request: HttpRequest, now: datetime) -> Case | None:
    held = request.session.get(TRACKED)
    if not isinstance(held, dict) or held.get("until", 0) <= now.timestamp():
        request.session.pop(TRACKED, None)
        return None
    case_id: int = held["case"]
    return Case.objects.select_related("unit").filter(pk=case_id).first()


def _track_page(
    request: HttpRequest, form: TrackForm, status: int = 200, **extra: Any
) -> HttpResponse:
    return page(request, "portal/track.html", {"form": form, **extra}, status=status)


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    if request.method != "POST":
        return _track_page(request, TrackForm(), tracked=_tracked(request, now))
    if abuse.tries_from_address_over(request):
        return abuse.too_many(request, lambda r: _track_page(r, TrackForm()), "track")
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _track_page(request, form, status=422)
    code, password = form.cleaned_data["code"], form.cleaned_data["password"]
    if lockout.is_locked(code, now):
        log.info("portal: track refused, code locked")
        form.add_error(
            None, gettext("Too many wrong tries for this code. Please try again in an hour.")
        )
        return _track_page(request, form, status=429)
    case = case_for_citizen(code, password)
    if case is None:
        locked = lockout.record_failure(code, now)
        log.info("portal: track refused%s", ", code now locked" if locked else "")
        form.add_error(None, gettext("The code or the password is not right."))
        return _track_page(request, form, status=403)
    lockout.forget_failures(code)
    _bind(request, case, now)
    log.info("portal: case %s tracked", case.number)
    return redirect("portal:tracked")


def _case_page(
    request: HttpRequest, case: Case, now: datetime, status: int = 200, **forms_: forms.Form
) -> HttpResponse:
    progress = progress_of(case, now)
    show_unit = settings.TOUSU_PORTAL_SHOW_UNIT and case.unit is not None
    context = {
        "case": case,
        "kind": Kind(case.kind).label,
        "progress": progress,
        "unit": case.unit.name if show_unit and case.unit else "",
        "may_add": case.status not in FINAL_STATUSES,
        "may_withdraw": citizen.may_withdraw(case),
        "may_rate": citizen.may_rate(case),
        "material_form": forms_.get("material") or MaterialForm(),
        "withdraw_form": forms_.get("withdraw") or WithdrawForm(),
        "rate_form": forms_.get("rate") or RateForm(),
        "max_files": settings.TOUSU_PORTAL_MAX_FILES,
        "max_bytes": settings.TOUSU_ATTACHMENT_MAX_BYTES,
        "max_mb": settings.TOUSU_ATTACHMENT_MAX_BYTES // (1024 * 1024),
    }
    return page(request, "portal/case.html", context, status=status)


def _expired(request: HttpRequest) -> HttpResponse:
    messages.info(request, gettext("Please enter your code and password again."))
    return redirect("portal:track")


@require_http_methods(["GET"])
def tracked(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    case = _tracked(request, now)
    if case is None:
        return _expired(request)
    return _case_page(request, case, now)


Act = Callable[[Case, forms.Form, datetime], Any]


def _act(
    request: HttpRequest, name: str, form_class: type[forms.Form], act: Act, done: str
) -> HttpResponse:
    """One of the citizen's POSTs on their tracked case: rate-limited, validated (422 naming the
    field, nothing written), refused when the case's status does not allow it (409)."""
    now = timezone.now()
    case = _tracked(request, now)
    if case is None:
        return _expired(request)
    if abuse.tries_from_address_over(request):
        return abuse.too_many(request, lambda r: _case_page(r, case, now), name)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _case_page(request, case, now, status=422, **{name: form})
    try:
        act(case, form, now)
    except InvalidInput as error:
        place_errors(form, error.fields, {"files": "attachments"})
        return _case_page(request, case, now, status=422, **{name: form})
    except NotAllowed as error:
        log.info("portal: %s refused on case %s, status %s", name, case.number, case.status)
        form.add_error(None, error.message)
        return _case_page(request, case, now, status=409, **{name: form})
    log.info("portal: %s on case %s", name, case.number)
    messages.success(request, done)
    return redirect("portal:tracked")


@require_POST
def material(request: HttpRequest) -> HttpResponse:
    def act(case: Case, form: forms.Form, now: datetime) -> None:
        assert isinstance(form, MaterialForm)
        add_material(
            case,
            now=now,
            channel=Channel.WEB,
            text=form.cleaned_data.get("text") or "",
            files=form.files_read,
        )

    return _act(
        request, "material", MaterialForm, act, gettext("Thank you: your material was added.")
    )


@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    def act(case: Case, form: forms.Form, now: datetime) -> None:
        citizen.withdraw(case, now=now, reason=form.cleaned_data["reason"], channel=Channel.WEB)

    return _act(request, "withdraw", WithdrawForm, act, gettext("Your case was withdrawn."))


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    def act(case: Case, form: forms.Form, now: datetime) -> None:
        citizen.rate(
            case,
            now=now,
            satisfaction=form.cleaned_data["satisfaction"],
            note=form.cleaned_data.get("note") or "",
            channel=Channel.WEB,
        )

    return _act(request, "rate", RateForm, act, gettext("Thank you for your answer."))


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(TRACKED, None)
    return redirect("portal:track")
