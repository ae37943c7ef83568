"""Site-wide middleware: the idle timeout of a session, and `Cache-Control: no-store`."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django_htmx.http import HttpResponseClientRedirect

Handler = Callable[[HttpRequest], HttpResponseBase]

# The session's expiry moves forward (SESSION_COOKIE_AGE from now) when it is saved. Saving on
# every request would make every read a write; once a minute is precise enough for a 30-minute
# idle limit.
REFRESH_SECONDS = 60
SEEN = "tousu.seen"
# What a page asks for on its own, with nobody at the keyboard: not activity, or an unattended
# workbench would never time out (the queue badges refresh every minute).
PASSIVE_VIEWS = frozenset({"workbench:queue_counts"})


class SlidingSessionMiddleware:
    """A logged-in session lasts SESSION_COOKIE_AGE (TOUSU_SESSION_IDLE_MINUTES) past the last
    request that is activity, htmx requests included. When it has ended, an htmx request gets
    `HX-Redirect` to the login page instead of the login form swapped into a part of the page.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = request.session
        match = request.resolver_match
        if SESSION_KEY in session and not (match and match.view_name in PASSIVE_VIEWS):
            now = int(timezone.now().timestamp())
            if now - session.get(SEEN, 0) >= REFRESH_SECONDS:
                session[SEEN] = now  # modified: SessionMiddleware saves it with a new expiry
        if getattr(request, "htmx", False) and _to_login(response):
            page = request.htmx.current_url_abs_path or resolve_url(settings.LOGIN_REDIRECT_URL)  # type: ignore[attr-defined]
            return HttpResponseClientRedirect(redirect_to_login(page)["Location"])
        return response


def _to_login(response: HttpResponseBase) -> bool:
    if response.status_code != 302:
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


class NoStoreMiddleware:
    """Everything the application answers holds personal data or depends on who asks: no cache
    (browser, proxy) keeps a copy. Static files are served before this by WhiteNoise."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True)
        return response
