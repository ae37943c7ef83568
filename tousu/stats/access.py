"""Who may read the statistics, and of which cases.

The centre's leaders, analysts and supervisors (and its administrators) read the figures of
their centre and everything below it. A unit's leader reads their own unit's row of the units
table — its figures and its rank among all units — and the lists behind it, narrowed by the
access gate to the cases their unit holds or held; never another unit's cases. Nobody else reads
statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tousu.orgs.models import Role
from tousu.orgs.staff import staff_of

from .query import Scope

READERS = frozenset({Role.DIRECTOR, Role.DEPUTY, Role.ANALYST, Role.SUPERVISOR, Role.ADMIN})


@dataclass(frozen=True)
class Reader:
    scope: Scope
    # None: every unit's row; otherwise only these units' (a unit leader's own).
    units: frozenset[int] | None
    centre_wide: bool


def reader_of(user: Any) -> Reader | None:
    """What this user may read, or None when they may read no statistics."""
    staff = staff_of(user)
    if staff.is_superuser:
        return Reader(Scope(None), None, True)
    centres = staff.centre_scope & frozenset(
        unit for role in READERS for unit in staff.role_scope.get(role, frozenset())
    )
    if centres:
        return Reader(Scope(centres), None, True)
    led = staff.roles.get(Role.UNIT_LEADER, frozenset())
    if led:
        return Reader(Scope(None), frozenset(led), False)
    return None
