"""What the centre offers Open311 clients, and who may post requests."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.cases.models import Kind

KEY_PREFIX = "o311_"


class Service(models.Model):
    """A category published to Open311 clients as a service; its code is the service code.

    Only what the administrator lists here is offered (and only its active categories): the
    category tree also holds matters no anonymous client should file or read about (reports on
    officials, say). A service's requests are listed publicly — by their service name and
    status, and their location only where `publish_location` says so (a pothole's place helps
    the next person; a noise complaint's may point at the one who complained)."""

    category = models.OneToOneField(
        "categories.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    description = models.CharField(_("description for the public"), max_length=300, blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=200, blank=True, help_text=_("comma-separated")
    )
    kind = models.CharField(
        _("kind of case"), max_length=16, choices=Kind.choices, default=Kind.COMPLAINT
    )
    publish_location = models.BooleanField(
        _("publish the location"),
        default=False,
        help_text=_(
            "the public request list shows where each request is (address, latitude, longitude)"
        ),
    )

    class Meta:
        verbose_name = _("Open311 service")
        verbose_name_plural = _("Open311 services")
        ordering = ["category__sort_order", "category__code"]

    def __str__(self) -> str:
        return str(self.category)


def hash_key(key: str) -> str:
    # A random 256-bit key: a plain hash is enough (nothing to guess it from).
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(models.Model):
    """An Open311 client's `api_key` for posting requests (`tousu open311-key NAME`); only its
    hash is stored, the key itself is shown once."""

    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, name: str, now: datetime) -> tuple[ApiKey, str]:
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(name=name, key_hash=hash_key(key), prefix=key[:10], created_at=now)
        return row, key
