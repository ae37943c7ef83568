"""Who is on duty now (值班) for the user's centre, in the top bar: one query, cached per centre."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from tousu.orgs.duty import OnDuty, on_duty_now

register = template.Library()


@register.simple_tag
def on_duty(user: Any) -> list[OnDuty]:
    if not getattr(user, "is_authenticated", False):
        return []
    return on_duty_now(user, timezone.now())
