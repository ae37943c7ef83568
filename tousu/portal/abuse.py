"""Against floods and scripts: rate limits per client address and per phone number
(django-ratelimit, counted in Django's cache) and the self-hosted proof-of-work challenge (ALTCHA:
the browser spends a second or so of computing before a submission is accepted; no outside
service, no tracking). `TOUSU_PORTAL_CHALLENGE=0` switches the challenge off; the limits stay."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited

from tousu.lib.validators import clean_phone

log = logging.getLogger("tousu.portal")


def challenge_on() -> bool:
    return bool(settings.TOUSU_PORTAL_CHALLENGE)


def _over(request: HttpRequest, group: str, rate: str, key: Any) -> bool:
    return bool(is_ratelimited(request, group=group, key=key, rate=rate, increment=True))


def submissions_from_address_over(request: HttpRequest) -> bool:
    """Counts this submission against its client address; True once over the limit."""
    return _over(request, "portal:submit:address", settings.TOUSU_PORTAL_RATE_ADDRESS, "ip")


def submissions_for_phone_over(request: HttpRequest, phone: str) -> bool:
    """Counts this submission against the phone number it gives (hashed: the cache keeps no
    numbers); True once over the limit. No phone, no count."""
    number = "".join(ch for ch in clean_phone(phone) if ch.isdigit())
    if not number:
        return False
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{number}".encode()).hexdigest()
    return _over(
        request, "portal:submit:phone", settings.TOUSU_PORTAL_RATE_PHONE, lambda _g, _r: digest
    )


def tries_from_address_over(request: HttpRequest) -> bool:
    """The track page's tries (and the other POSTs of a tracked case) per client address."""
    return _over(request, "portal:track:address", settings.TOUSU_PORTAL_RATE_TRACK, "ip")


def challenges_over(request: HttpRequest) -> bool:
    """New challenges per client address: a script fetching them in bulk is slowed down too."""
    return _over(request, "portal:challenge", settings.TOUSU_PORTAL_RATE_TRACK, "ip")


def too_many(request: HttpRequest, render_page: Any, what: str) -> HttpResponse:
    log.info("portal: %s refused, rate limit", what)
    response: HttpResponse = render_page(request)
    response.status_code = 429
    response["Retry-After"] = "3600"
    return response
