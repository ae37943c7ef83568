"""The caller's in-app notifications (docs/contract.md, "Supervision and notifications")."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from tousu.notify import inbox

from . import errors
from .output import iso

router = Router(tags=["notifications"])


class PageIn(Schema):
    page: int = Field(1, ge=1, le=10000)


@router.get("/notifications", response={200: dict[str, Any], (401, 422): errors.ApiError})
def notifications(request: HttpRequest, query: Query[PageIn]) -> dict[str, Any]:
    """Newest first, 50 a page; `unread` counts all the caller's unread notifications."""
    items = [
        {
            "id": n.pk,
            "kind": n.kind,
            "case": n.case_id,
            "text": n.text,
            "at": iso(n.created_at),
            "read": n.read_at is not None,
        }
        for n in inbox.page(request.user, query.page)
    ]
    return {"items": items, "unread": inbox.unread_count(request.user)}


@router.post(
    "/notifications/{notification_id}/read",
    response={200: dict[str, Any], (401, 404, 422): errors.ApiError},
)
def read(request: HttpRequest, notification_id: int) -> dict[str, Any]:
    """Mark one of the caller's notifications read (someone else's: 404)."""
    if not inbox.mark_read(request.user, notification_id, timezone.now()):
        raise Http404
    return {"id": notification_id, "read": True, "unread": inbox.unread_count(request.user)}
