"""The size of a whole request, refused before its body is read.

Django limits the form fields it keeps in memory (DATA_UPLOAD_MAX_MEMORY_SIZE) but not the files:
those it writes to temporary files as they arrive, however large. A request whose declared
Content-Length is above TOUSU_REQUEST_MAX_BYTES is answered 413 at once, before anything (the
CSRF check, a form, django-ninja) reads the body: in the API's error format under /api/, as an
error page in the workbench. `tousu serve` also gives waitress a ceiling just above the limit
(cli.py), which stops a chunked body without a Content-Length as it arrives. Each file is
limited on its own as well (TOUSU_ATTACHMENT_MAX_BYTES, by its declared size before it is read).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext

from .errors import api_error, error_page, is_api

Handler = Callable[[HttpRequest], HttpResponseBase]


def declared_length(request: HttpRequest) -> int:
    """The Content-Length the client declared; 0 when none or not a number (Django refuses
    a malformed one itself)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def limit_mb() -> int:
    return int(settings.TOUSU_REQUEST_MAX_BYTES) // (1024 * 1024)


class RequestSizeLimitMiddleware:
    """Place it before anything that reads the body (CsrfViewMiddleware reads POST)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if declared_length(request) > settings.TOUSU_REQUEST_MAX_BYTES:
            return too_large(request)
        return self.get_response(request)


def too_large(request: HttpRequest) -> HttpResponse:
    message = gettext(
        "the request is larger than %(size)s MB in all: send fewer or smaller files at a time"
    ) % {"size": limit_mb()}
    if is_api(request):
        return api_error(413, "too_large", message)
    return error_page("413.html", 413, message)
