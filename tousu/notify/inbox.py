"""A staff member's in-app notifications: the list, the unread count, marking read. Read by the
API and the workbench alike; every query is on the (recipient, read_at, -id) index."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from .models import Notification

PAGE_SIZE = 50


def of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-id")


def page(user: Any, number: int, size: int = PAGE_SIZE) -> list[Notification]:
    start = (max(number, 1) - 1) * size
    return list(of(user)[start : start + size])


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: Any, notification_id: int, now: datetime) -> bool:
    """False when the user has no such notification (someone else's is not found either)."""
    mine = of(user).filter(pk=notification_id)
    if mine.filter(read_at__isnull=True).update(read_at=now):
        return True
    return mine.exists()


def mark_all_read(user: Any, now: datetime) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now)
