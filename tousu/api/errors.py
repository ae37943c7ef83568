"""The contract's error format: {"error": {"code", "message", "fields"}}; no 500 for bad input."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from tousu.cases.errors import Conflict, Forbidden, InvalidInput, NotAllowed

log = logging.getLogger("tousu.api")

_SKIP = {"body", "payload", "query", "path", "form", "file", "params"}


def error(
    api: NinjaAPI,
    request: HttpRequest,
    http_status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {"error": {"code": code, "message": message, "fields": fields or {}}}
    body.update(extra)
    return api.create_response(request, body, status=http_status)


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if str(p) not in _SKIP]
    name = ""
    for part in parts:
        name += f"[{part}]" if part.isdigit() else (f".{part}" if name else part)
    return name or "body"


def install(api: NinjaAPI) -> None:
    def validation(request: HttpRequest, exc: Any) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            message = err["msg"] if "msg" in err else gettext("invalid")
            fields.setdefault(_field_name(err.get("loc", ())), []).append(message)
        return error(
            api, request, 422, "invalid_input", gettext("the request has invalid fields"), fields
        )

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 422, exc.code, exc.message, exc.fields)

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 403, exc.code, exc.message)

    def not_allowed(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 409, exc.code, exc.message, status=exc.status)

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 404, "not_found", gettext("not found"))

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(
            api, request, 401, "unauthenticated", gettext("a valid bearer token is required")
        )

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        codes = {
            400: "bad_request",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "too_large",
            415: "unsupported_media_type",
        }
        return error(api, request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))

    def too_big(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 413, "too_large", gettext("the request body is too large"))

    def suspicious(request: HttpRequest, exc: Any) -> HttpResponse:
        # Django's own answer to these is a 400 (too many fields, malformed multipart, …).
        return error(api, request, 400, "bad_request", gettext("the request cannot be processed"))

    def unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error(api, request, 500, "internal_error", gettext("an unexpected error occurred"))

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(InvalidInput, invalid)
    api.add_exception_handler(Forbidden, forbidden)
    api.add_exception_handler(Conflict, not_allowed)
    api.add_exception_handler(NotAllowed, not_allowed)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(AuthorizationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(RequestDataTooBig, too_big)
    api.add_exception_handler(SuspiciousOperation, suspicious)
    api.add_exception_handler(Exception, unexpected)
