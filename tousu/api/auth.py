"""Bearer tokens (external systems, scripts) and the session (the staff's browser)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from .models import ApiToken, hash_token

# Writing last_used_at on every request would turn every read into a write.
_TOUCH_EVERY = timedelta(minutes=5)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = timezone.now()
        row = (
            ApiToken.objects.select_related("user")
            .filter(
                key_hash=hash_token(token),
                revoked=False,
                expires_at__gt=now,
                user__is_active=True,
            )
            .first()
        )
        # Expired, revoked or issued before the password changed: the same 401 as a wrong token.
        if row is None or not row.password_unchanged():
            return None
        if row.last_used_at is None or now - row.last_used_at > _TOUCH_EVERY:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.api_token = row  # type: ignore[attr-defined]  # what it may do: api/creation.py
        return row.user


AUTH = [TokenAuth(), django_auth]
