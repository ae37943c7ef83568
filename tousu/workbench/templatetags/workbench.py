"""Small template helpers for the workbench."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    """mapping[key], or None (also when there is no mapping yet, e.g. counts not in yet)."""
    return mapping.get(key) if mapping is not None else None


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (page, sort…)."""
    params: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def sort_link(context: dict[str, Any], key: str) -> str:
    listing = context["listing"]
    direction = "desc" if listing.sort == key and listing.direction == "asc" else "asc"
    return query_with(context, sort=key, dir=direction, page=None)


@register.filter
def whole_minutes(duration: Any) -> int:
    """A timedelta in whole minutes, rounded up (a lockout of 90 s says 2 minutes)."""
    seconds = int(duration.total_seconds()) if duration is not None else 0
    return -(-seconds // 60)


@register.filter
def remaining_text(remaining: int | None) -> str:
    """剩余 N 个工作日 / 今日到期 / 超期 N 个工作日."""
    if remaining is None:
        return "—"
    if remaining > 0:
        return ngettext("%(n)d working day left", "%(n)d working days left", remaining) % {
            "n": remaining
        }
    if remaining == 0:
        return _("due today")
    return ngettext("%(n)d working day overdue", "%(n)d working days overdue", -remaining) % {
        "n": -remaining
    }
