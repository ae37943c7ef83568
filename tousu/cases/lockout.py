"""The tracking code's lockout, on every channel the citizen asks through (the portal's track
page, a status query on WeChat): after `FAILURES` failed tries for one code within an hour, that
code is locked for an hour, right password or not. Unknown codes count like known ones, so
neither the answer nor the lock tells whether a code exists. Codes are kept only as keyed
hashes."""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from .models import TrackFailure, TrackLock
from .progress import normalise_code

FAILURES = 10
WINDOW = timedelta(hours=1)
LOCKED_FOR = timedelta(hours=1)


def code_key(code: str) -> str:
    value = normalise_code(code).upper().encode()
    return hmac.new(
        f"tousu.portal.track:{settings.SECRET_KEY}".encode(), value, "sha256"
    ).hexdigest()


def is_locked(code: str, now: datetime) -> bool:
    return TrackLock.objects.filter(code_key=code_key(code), until__gt=now).exists()


def record_failure(code: str, now: datetime) -> bool:
    """One more failed try; True when it locks the code."""
    key = code_key(code)
    with transaction.atomic():
        # Old tries of every code go (a bounded table whatever the guessing), as do old locks.
        TrackFailure.objects.filter(at__lte=now - WINDOW).delete()
        TrackLock.objects.filter(until__lte=now).delete()
        TrackFailure.objects.create(code_key=key, at=now)
        recent = TrackFailure.objects.filter(code_key=key, at__gt=now - WINDOW).count()
        if recent < FAILURES:
            return False
        TrackLock.objects.update_or_create(code_key=key, defaults={"until": now + LOCKED_FOR})
        TrackFailure.objects.filter(code_key=key).delete()
        return True


def forget_failures(code: str) -> None:
    """After a right password: the citizen's own typing mistakes are forgiven."""
    TrackFailure.objects.filter(code_key=code_key(code)).delete()
