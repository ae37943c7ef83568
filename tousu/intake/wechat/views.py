"""`/channels/wechat/`: the platform's URL check (GET) and its message pushes (POST).

Refused before anything is read or stored: a missing or bad signature, a timestamp more than five
minutes off, a signature replayed with another body (403); a body too large or not a message (400).
Every refusal is one log line without the body."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from tousu.cases.errors import WorkflowError
from tousu.lib.refusals import log_refusal

from . import handling, signature
from .messages import MAX_BYTES, Malformed, parse, text_reply

log = logging.getLogger("tousu.intake")


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    response = HttpResponse("forbidden", status=403, content_type="text/plain; charset=utf-8")
    log_refusal(request, response, f"wechat: {reason}")
    return response


def _bad(reason: str) -> HttpResponse:
    log.warning("wechat push refused (400): %s", reason)
    response = HttpResponse("bad request", status=400, content_type="text/plain; charset=utf-8")
    response._has_been_logged = True  # type: ignore[attr-defined]  # this line is its log
    return response


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    params = request.GET
    timestamp, nonce = params.get("timestamp", ""), params.get("nonce", "")
    problem = signature.problem(params.get("signature", ""), timestamp, nonce, now)
    if problem is not None:
        return _refused(request, problem)
    if request.method == "GET":
        # The URL check: echo the platform's random string back.
        echo = params.get("echostr", "")
        if not echo or len(echo) > 128:
            return _bad("no usable echostr")
        return HttpResponse(echo, content_type="text/plain; charset=utf-8")
    if _declared_length(request) > MAX_BYTES:
        return _bad("body too large")
    body = request.body
    if not signature.claim_nonce(timestamp, nonce, body):
        return _refused(request, "signature replayed with another body")
    try:
        message = parse(body)
        answer = handling.handle(message, now)
    except Malformed as exc:
        return _bad(str(exc))
    except WorkflowError as exc:  # no centre takes the public's cases; a case closed meanwhile
        log.warning("wechat push not handled (503): %s", exc.code)
        response = HttpResponse("unavailable", status=503, content_type="text/plain; charset=utf-8")
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
    if not answer:
        # WeChat's way to say "received, no answer".
        return HttpResponse("success", content_type="text/plain; charset=utf-8")
    return HttpResponse(
        text_reply(message, answer, now), content_type="application/xml; charset=utf-8"
    )
