"""The GeoReport v2 endpoints. Each answers in the format its URL ends with (.json or .xml);
every refusal is the specification's error list with the HTTP status as its code — never a 500
for bad input, never an HTML page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from tousu.cases.models import Case, Channel

from . import catalogue, listing, submit
from .catalogue import Open311Error
from .formats import errors, respond

log = logging.getLogger("tousu.intake.open311")

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this endpoint's interface last changed (discovery's changeset).
CHANGESET = "2026-12-01T00:00:00+08:00"

View = Callable[..., HttpResponse]


def endpoint(*methods: str) -> Callable[[View], View]:
    """The methods it answers; `jurisdiction_id` checked; `Open311Error` as the spec's errors."""

    def decorate(view: View) -> View:
        @csrf_exempt  # clients post with an api_key, not a session
        @wraps(view)
        def wrapped(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise Open311Error(
                        405,
                        gettext("method not allowed here: use %(m)s") % {"m": "/".join(methods)},
                    )
                params = request.POST if request.method == "POST" else request.GET
                _check_jurisdiction(
                    params.get("jurisdiction_id", "") or request.GET.get("jurisdiction_id", "")
                )
                return view(request, fmt, **kwargs)
            except Open311Error as exc:
                log.info("open311 %s %r refused: %s", request.method, request.path, exc.status)
                response = errors(fmt, exc.status, exc.descriptions)
                if exc.status == 405:
                    response["Allow"] = ", ".join(methods)
                return response
            except RequestDataTooBig:
                return errors(fmt, 413, [gettext("the request body is too large")])
            except (SuspiciousOperation, MultiPartParserError):
                return errors(fmt, 400, [gettext("the request body cannot be read")])

        return wrapped

    return decorate


def _check_jurisdiction(given: str) -> None:
    ours = settings.TOUSU_OPEN311_JURISDICTION
    if ours and given and given != ours:
        raise Open311Error(404, "jurisdiction_id: " + gettext("not served here"))


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    root = request.build_absolute_uri(reverse("open311:root"))
    return respond(
        fmt,
        "discovery",
        {
            "changeset": CHANGESET,
            "contact": settings.TOUSU_OPEN311_CONTACT,
            "key_service": gettext("API keys are issued by the centre's administrator."),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": root.rstrip("/"),
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
        },
    )


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "services", [catalogue.service_out(s) for s in catalogue.published()])


@endpoint("GET")
def definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    service = catalogue.find(code)
    if service is None:
        raise Open311Error(404, "service_code: " + gettext("no such service"))
    return respond(fmt, "service_definition", catalogue.definition_out(service))


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    now = timezone.now()
    if request.method == "POST":
        api_key = request.POST.get("api_key", "") or request.GET.get("api_key", "")
        key = submit.authorised(api_key.strip(), now)
        done = submit.submit(request.POST, key, now)
        answer = {
            "service_request_id": done.number,
            "token": done.token,
            "service_notice": gettext("Received. Follow your request with its number %(number)s.")
            % {"number": done.number},
            "account_id": None,
        }
        return respond(fmt, "service_requests", [answer])
    filters = listing.filters_of(request.GET, now)
    cases = list(listing.matching(filters))
    return respond(fmt, "service_requests", listing.requests_out(cases))


@endpoint("GET")
def one_request(request: HttpRequest, fmt: str, number: str) -> HttpResponse:
    cases = list(listing.public_requests().filter(number=number))
    if not cases:
        raise Open311Error(404, "service_request_id: " + gettext("no such request"))
    return respond(fmt, "service_requests", listing.requests_out(cases))


@endpoint("GET")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    number = (
        Case.objects.filter(channel=Channel.OPEN311, external_id=token)
        .values_list("number", flat=True)
        .first()
        if token.strip()
        else None
    )
    if number is None:
        raise Open311Error(404, "token: " + gettext("no such token"))
    return respond(fmt, "service_requests", [{"service_request_id": number, "token": token}])


@endpoint("GET", "POST")
def unknown(request: HttpRequest, fmt: str) -> HttpResponse:
    raise Open311Error(404, gettext("no such endpoint: see discovery.json"))
