"""One log line per refused request (403): who asked for what, and why — never a traceback.

A refusal is an expected answer, not a fault: Django would log a PermissionDenied with its
traceback and the API's refusals as a bare "Forbidden: /path". Every 403 the project answers
(the workbench's PermissionDenied, a CSRF failure, the workflow's Forbidden through the API)
goes through `log_refusal`, which writes the one line and tells Django the response is logged.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest
from django.http.response import HttpResponseBase

log = logging.getLogger("tousu.security")

# Control characters (a %0A in the path, say) would split the line or forge another one.
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(32), 127)}


def _one_line(text: object) -> str:
    return str(text).translate(_ESCAPES)


def _who(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return _one_line(user.get_username())


def log_refusal(request: HttpRequest, response: HttpResponseBase, reason: str) -> None:
    log.warning(
        "refused %s %s user=%s reason=%s",
        request.method,
        _one_line(request.path),
        _who(request),
        _one_line(reason or "permission denied"),
    )
    # Django's log_response() skips a response marked like this (no second line, no traceback).
    response._has_been_logged = True  # type: ignore[attr-defined]
