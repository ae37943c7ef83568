"""The bell in the top bar: the user's unread notifications, one indexed count."""

from __future__ import annotations

from typing import Any

from django import template

from tousu.notify.inbox import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    return unread_count(user) if getattr(user, "is_authenticated", False) else 0
