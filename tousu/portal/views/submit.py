"""Submitting a case: the start page, the form (POST-redirect-GET), the receipt shown once, the
category finder and the challenge endpoint."""

from __future__ import annotations

import logging
from typing import Any

from altcha_django.views import ChallengeView
from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tousu.cases import tracking
from tousu.cases.errors import InvalidInput
from tousu.cases.models import Case, Channel, Kind
from tousu.cases.registration import NewCase, NewComplainant, register
from tousu.cases.supplement import add_material
from tousu.lib import crypto
from tousu.orgs.staff import system_user

from .. import abuse, finder
from ..forms import SubmissionForm
from ..models import Consent, current_notice
from .common import allow_challenge_worker, page, place_errors

log = logging.getLogger("tousu.portal")

# The session holds the new case's id and password from the submission until the receipt page
# is shown, once; then they are gone (the password is stored nowhere else but as a hash).
RECEIPT = "tousu.portal.receipt"
# Registration's field names → the form's.
FIELD_NAMES = {
    "complainant": "name",
    "complainant.name": "name",
    "complainant.phone": "phone",
    "contact_channel": "email",
    "contact_address": "email",
    "text": "attachments",
}


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return page(request, "portal/start.html", {"kinds": Kind.choices})


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _submit(request)
    initial = {"kind": request.GET.get("kind") or Kind.COMPLAINT}
    if request.GET.get("category"):
        initial["category"] = request.GET["category"]
    form = SubmissionForm(initial=initial, challenge=abuse.challenge_on(), request=request)
    return _form_page(request, form)


def _form_page(request: HttpRequest, form: SubmissionForm, status: int = 200) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:100]
    notice = current_notice()
    response = page(
        request,
        "portal/new.html",
        {
            "form": form,
            "query": query,
            "found": finder.find(query) if query else [],
            "categories": finder.categories(),
            "chosen": form["category"].value() or "",
            "notice": notice.text() if notice else "",
            "max_files": settings.TOUSU_PORTAL_MAX_FILES,
            "max_bytes": settings.TOUSU_ATTACHMENT_MAX_BYTES,
            "max_mb": settings.TOUSU_ATTACHMENT_MAX_BYTES // (1024 * 1024),
            "challenge": "altcha" in form.fields,
        },
        status=status,
    )
    return allow_challenge_worker(response) if "altcha" in form.fields else response


def _limited(request: HttpRequest) -> HttpResponse:
    return page(request, "portal/limited.html", {})


def _submit(request: HttpRequest) -> HttpResponse:
    if abuse.submissions_from_address_over(request):
        return abuse.too_many(request, _limited, "submission")
    form = SubmissionForm(
        request.POST, request.FILES, challenge=abuse.challenge_on(), request=request
    )
    if not form.is_valid():
        log.info("portal: submission refused, invalid %s", ",".join(sorted(form.errors)))
        return _form_page(request, form, status=422)
    if abuse.submissions_for_phone_over(request, form.cleaned_data.get("phone") or ""):
        return abuse.too_many(request, _limited, "submission")
    now = timezone.now()
    password = tracking.new_password()
    notice = current_notice()
    try:
        with transaction.atomic():
            case = register(_new_case(form, password), actor=system_user(), now=now)
            if form.files_read:
                add_material(case, now=now, channel=Channel.WEB, files=form.files_read)
            Consent.objects.create(
                case=case, notice_version=notice.version if notice else 0, at=now
            )
    except InvalidInput as error:
        place_errors(form, error.fields, FIELD_NAMES)
        log.info("portal: submission refused, invalid %s", ",".join(sorted(error.fields)))
        return _form_page(request, form, status=422)
    log.info("portal: case %s registered", case.number)
    # Sealed: a receipt never opened leaves no readable password in the session table.
    sealed = crypto.encrypt(password, context=f"{RECEIPT}:{case.pk}")
    request.session[RECEIPT] = {"case": case.pk, "password": sealed}
    return redirect("portal:receipt")


def _new_case(form: SubmissionForm, password: str) -> NewCase:
    data: dict[str, Any] = form.cleaned_data
    anonymous = bool(data.get("anonymous"))
    people = (
        []
        if anonymous
        else [NewComplainant(name=data.get("name") or "", phone=data.get("phone") or "")]
    )
    channel, address = form.contact()
    return NewCase(
        kind=data["kind"],
        channel=Channel.WEB,
        title=data["title"],
        content=data["content"],
        anonymous=anonymous,
        complainants=people,
        category=data.get("category") or None,
        address=data.get("address") or "",
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        occurred_at=data.get("occurred_at"),
        query_password=password,
        contact_channel=channel,
        contact_address=address,
    )


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    """Shown once: a reload (or a second tab) finds the receipt gone, the password with it."""
    held = request.session.pop(RECEIPT, None)
    case = Case.objects.filter(pk=held["case"]).first() if isinstance(held, dict) else None
    if case is None:
        return page(request, "portal/receipt_gone.html", {}, status=410)
    password = crypto.decrypt(held["password"], context=f"{RECEIPT}:{case.pk}")
    return page(
        request,
        "portal/receipt.html",
        {"case": case, "password": password, "kind": Kind(case.kind).label},
    )


@require_GET
def categories(request: HttpRequest) -> HttpResponse:
    """The finder's answer as a fragment (htmx), or the form page with it (no JavaScript)."""
    query = (request.GET.get("q") or "").strip()[:100]
    if not getattr(request, "htmx", False):
        target = "portal:new"
        response = redirect(target)
        response["Location"] += "?" + request.GET.urlencode()
        return response
    return page(
        request,
        "portal/partials/categories.html",
        {
            "query": query,
            "found": finder.find(query) if query else [],
            "categories": finder.categories(),
            "chosen": request.GET.get("category", ""),
        },
    )


class Challenge(ChallengeView):
    """A fresh ALTCHA challenge for the widget; rate-limited per client address; 404 while the
    challenge is off."""

    ratelimit = staticmethod(lambda request: not abuse.challenges_over(request))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not abuse.challenge_on():
            raise Http404
        return super().get(request, *args, **kwargs)
