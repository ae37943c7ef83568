"""Tousu's own 400/403/404/500 pages (and the CSRF failure page), in the user's language with a
way back to the workbench. Under /api/ the same errors keep the API's JSON format.

The pages are rendered without a request context (no user, no database, no navigation): an
error page must not fail in its turn, the 500 page least of all (it falls back to fixed HTML).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext

from tousu.cases.errors import WorkflowError
from tousu.lib.refusals import log_refusal

API_PREFIX = "/api/"

# What is left when even the template cannot be rendered (both languages: i18n may be the fault).
_LAST_RESORT = (
    '<!doctype html><html lang="zh-hans"><meta charset="utf-8">'
    "<title>系统出错了 · Something went wrong</title>"
    "<h1>系统出错了 · Something went wrong</h1>"
    '<p><a href="/">返回工作台 · Back to the workbench</a></p></html>'
)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, code: str, message: str) -> JsonResponse:
    body = {"error": {"code": code, "message": message, "fields": {}}}
    return JsonResponse(
        body,
        status=status,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


def error_page(template: str, status: int, reason: str = "") -> HttpResponse:
    """One of the error templates (they extend error_page.html), rendered without a request;
    should even that fail, the fixed bilingual page."""
    context = {"home": "/", "stylesheet": "", "reason": reason}
    try:
        context["home"] = reverse("workbench:home")
        context["stylesheet"] = static("workbench/app.css")
    except Exception:  # a broken URLconf or static storage must not hide the page
        pass
    try:
        return HttpResponse(loader.render_to_string(template, context), status=status)
    except Exception:  # an error page must not turn into a 500 (i18n or templates may be at fault)
        return HttpResponse(_LAST_RESORT, status=status)


def _reason(exc: BaseException | None) -> str:
    """The refusal's own words: the PermissionDenied's message, or the workflow's Forbidden it
    was raised from (`raise PermissionDenied from None` keeps it as the context)."""
    if exc is None:
        return ""
    if str(exc):
        return str(exc)
    origin = exc.__cause__ or exc.__context__
    return origin.message if isinstance(origin, WorkflowError) else ""


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(400, "bad_request", gettext("the request cannot be processed"))
    return error_page("400.html", 400)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    reason = _reason(exception)
    response: HttpResponse
    if is_api(request):
        response = api_error(403, "forbidden", reason or gettext("permission denied"))
    else:
        response = error_page("403.html", 403, reason)
    log_refusal(request, response, reason)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Django's reason ("CSRF token missing.") is for the log; the page says what to do.
    response = error_page("403_csrf.html", 403)
    log_refusal(request, response, f"CSRF: {reason}")
    return response


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(404, "not_found", gettext("not found"))
    return error_page("404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        if is_api(request):
            return api_error(500, "internal_error", gettext("an unexpected error occurred"))
        return error_page("500.html", 500)
    except Exception:  # the last page of all must not fail
        return HttpResponse(_LAST_RESORT, status=500)
