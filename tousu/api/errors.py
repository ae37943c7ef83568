"""The contract's error format: {"error": {"code", "message", "fields"}}; no 500 for bad input."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, multipartparser
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from pydantic import Field

from tousu.cases.errors import Conflict, Forbidden, InvalidInput, NotAllowed
from tousu.lib.refusals import log_refusal

log = logging.getLogger("tousu.api")


class ApiErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ApiError(Schema):
    """The contract's error format, as the OpenAPI document shows it for every 4xx."""

    error: ApiErrorDetail
    status: str | None = Field(None, description="the case's status (409 only)")


_SKIP = {"body", "payload", "query", "path", "form", "file", "params"}


class TooLarge(Exception):
    """An upload over its size limit, refused before it is read: 413 naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.fields = {field: [message]}


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
        response = error(api, request, 403, exc.code, exc.message)
        log_refusal(request, response, exc.message)
        return response

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
        response = error(
            api, request, exc.status_code, codes.get(exc.status_code, "error"), str(exc)
        )
        if exc.status_code == 403:  # e.g. django-ninja's CSRF check on a session-authenticated call
            log_refusal(request, response, str(exc))
        return response

    def too_big(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 413, "too_large", gettext("the request body is too large"))

    def suspicious(request: HttpRequest, exc: Any) -> HttpResponse:
        # Django's own answer to these is a 400 (too many fields, malformed multipart, …).
        return error(api, request, 400, "bad_request", gettext("the request cannot be processed"))

    def too_large_file(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 413, "too_large", gettext("the file is too large"), exc.fields)

    def malformed_multipart(request: HttpRequest, exc: Any) -> HttpResponse:
        # Django's own answer (and so the workbench's) is a 400; its messages are not for users.
        problem = gettext(
            "is not valid multipart/form-data: it needs the boundary given in the Content-Type, "
            "and each part's headers (its file and field names) at most %(limit)s bytes long"
        ) % {"limit": getattr(multipartparser, "MAX_TOTAL_HEADER_SIZE", 1024)}
        return error(
            api,
            request,
            400,
            "bad_request",
            gettext("the multipart body cannot be read"),
            {"body": [problem]},
        )

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
    api.add_exception_handler(MultiPartParserError, malformed_multipart)
    api.add_exception_handler(TooLarge, too_large_file)
    api.add_exception_handler(Exception, unexpected)
