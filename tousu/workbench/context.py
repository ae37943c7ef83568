"""Template context for every workbench page: the main navigation, by what the user may do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tousu.orgs.models import Role
from tousu.orgs.staff import staff_of

LEADERS = (Role.DIRECTOR, Role.DEPUTY, Role.SUPERVISOR, Role.ANALYST, Role.ADMIN)
INTAKE = (Role.CLERK, Role.DISPATCHER, Role.DEPUTY, Role.DIRECTOR, Role.ADMIN)
CENTRE_SIDE = (
    Role.CLERK,
    Role.DISPATCHER,
    Role.DEPUTY,
    Role.DIRECTOR,
    Role.SUPERVISOR,
    Role.ANALYST,
    Role.ADMIN,
)
# Who reads statistics (`stats.access.reader_of`): the leaders, and a unit's leader its own unit.
STATS_READERS = (*LEADERS, Role.UNIT_LEADER)


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str | Promise
    accesskey: str
    shortcut: str
    current: bool


# (url name, label, access key, who sees it: None = everyone logged in)
_NAV: tuple[tuple[str, str | Promise, str, tuple[str, ...] | None], ...] = (
    ("workbench:intake", _("New case"), "n", INTAKE),
    ("workbench:imports", _("Import"), "i", INTAKE),  # 批量导入
    ("workbench:search", _("Search"), "s", None),
    ("workbench:overview", _("Overview"), "o", LEADERS),
    ("workbench:duty", _("Duty"), "d", CENTRE_SIDE),  # 值班
    ("workbench:dashboard", _("Dashboard"), "t", STATS_READERS),  # 统计
    ("workbench:assessment", _("Assessment"), "a", STATS_READERS),  # 考核
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    staff = staff_of(user)
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for name, label, key, roles in _NAV:
        if roles is not None and not (staff.is_superuser or staff.has_any(roles)):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # a page not installed in this build
            continue
        items.append(NavItem(url, label, key, f"g {key}", current == name))
    return {"nav_items": items}
