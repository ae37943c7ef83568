"""API tokens: only a hash is stored; the token itself is shown once.

A token expires (TOUSU_API_TOKEN_DAYS after it was issued unless asked otherwise) and dies with
its user's password: it keeps a keyed fingerprint of the password hash as it was at issue time,
compared on every use (like Django's session auth hash). Any way of changing the password — the
workbench, the admin, `manage changepassword`, a script — changes the hash, without signals.
"""

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "tsu_"
_FINGERPRINT_SALT = "tousu.api.ApiToken.password_fingerprint"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_fingerprint(user: Any, secret: str | bytes | None = None) -> str:
    """Keyed with SECRET_KEY: the row holds nothing an attacker could test passwords against."""
    return salted_hmac(
        _FINGERPRINT_SALT, user.password, secret=secret, algorithm="sha256"
    ).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)
    password_fingerprint = models.CharField(max_length=64, editable=False)
    # A higher platform's token (上级平台): it registers cases of the channel `platform` — and only
    # it may — whose status changes are pushed back to the platform's webhook (notify/webhooks.py).
    platform = models.BooleanField(
        _("higher platform"),
        default=False,
        help_text=_("registers the cases a higher platform hands over (channel platform)"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(
        cls,
        user: Any,
        name: str = "",
        *,
        days: int | None = None,
        now: datetime | None = None,
        platform: bool = False,
    ) -> tuple["ApiToken", str]:
        """Create a token valid for `days` (default TOUSU_API_TOKEN_DAYS); returns the row and
        the secret, which is not stored."""
        days = settings.TOUSU_API_TOKEN_DAYS if days is None else days
        if days < 1:
            raise ValueError("a token lives at least one day")
        now = now or timezone.now()
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(
            user=user,
            key_hash=hash_token(secret),
            prefix=secret[:10],
            name=name,
            expires_at=now + timedelta(days=days),
            password_fingerprint=password_fingerprint(user),
            platform=platform,
        )
        return row, secret

    def password_unchanged(self) -> bool:
        """Whether the user's password is still the one the token was issued under (a rotated
        SECRET_KEY still verifies through SECRET_KEY_FALLBACKS)."""
        keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        return any(
            constant_time_compare(self.password_fingerprint, password_fingerprint(self.user, key))
            for key in keys
        )


class IdempotencyKey(models.Model):
    """An `Idempotency-Key` a caller sent with `POST /cases`, and the case it stands for: the same
    key again from the same user within TOUSU_IDEMPOTENCY_KEY_HOURS returns that case instead of
    registering another. `request_hash` is the SHA-256 of the request's body as validated (so
    spacing and `null`s do not matter): the same key with another body is refused, not
    answered with a case that does not match it. Pruned by the worker's `api-idempotency-prune`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("key"), max_length=200)
    request_hash = models.CharField(max_length=64)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created")]

    def __str__(self) -> str:
        return f"{self.user} · {self.key}"
