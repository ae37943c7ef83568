"""Who a user is in the organisation: roles per unit, resolved once per request.

Everything that asks "may this user…?" reads a `Staff`, so the membership queries run once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db.models import Q

from .models import CENTRE_KINDS, Delegation, Membership, Role, Slot, Unit

_TREE_CACHE_KEY = "tousu:orgs:unit-tree"


@dataclass(frozen=True)
class UnitTree:
    parent: dict[int, int | None]
    kind: dict[int, str]
    code: dict[int, str]

    def descendants_and_self(self, unit_ids: Iterable[int]) -> frozenset[int]:
        wanted = set(unit_ids)
        result = set(wanted)
        for uid in self.parent:
            node: int | None = uid
            while node is not None:
                if node in wanted:
                    result.add(uid)
                    break
                node = self.parent.get(node)
        return frozenset(result)

    def id_for_code(self, code: str) -> int | None:
        for uid, ucode in self.code.items():
            if ucode == code:
                return uid
        return None


def unit_tree() -> UnitTree:
    tree = cache.get(_TREE_CACHE_KEY)
    if tree is None:
        rows = list(Unit.objects.values_list("id", "parent_id", "kind", "code"))
        tree = UnitTree(
            parent={r[0]: r[1] for r in rows},
            kind={r[0]: r[2] for r in rows},
            code={r[0]: r[3] for r in rows},
        )
        cache.set(_TREE_CACHE_KEY, tree, 300)
    return tree


def invalidate_unit_tree() -> None:
    cache.delete(_TREE_CACHE_KEY)


@dataclass(frozen=True)
class Staff:
    user_id: int | None
    username: str
    is_superuser: bool
    roles: dict[str, frozenset[int]] = field(default_factory=dict)
    # Centre-side units the user works in, with their sub-centres and stations below.
    centre_scope: frozenset[int] = frozenset()
    # Handling units the user works in.
    handling_units: frozenset[int] = frozenset()
    # For each role, the units it reaches: the units held and every unit below them.
    role_scope: dict[str, frozenset[int]] = field(default_factory=dict)
    # The `system` actor of the automatic reminders and escalations (see `system_user`): no
    # role, only the automatic verbs `cases.rights` grants it.
    is_system: bool = False

    def has(self, role: str, unit_id: int | None = None) -> bool:
        units = self.roles.get(role)
        if not units:
            return False
        return unit_id is None or unit_id in units

    def has_any(self, roles: Iterable[str]) -> bool:
        return any(self.roles.get(r) for r in roles)

    def acts_as(self, roles: Iterable[str], unit_id: int | None) -> bool:
        """Whether any of `roles` reaches `unit_id` (a role held in that unit or one above it)."""
        return unit_id is not None and any(unit_id in self.role_scope.get(r, ()) for r in roles)

    @property
    def is_centre_staff(self) -> bool:
        return bool(self.centre_scope) or self.is_superuser

    @property
    def role_names(self) -> list[str]:
        return sorted(r for r, units in self.roles.items() if units)


def staff_of(user: Any) -> Staff:
    """The user's roles; cached on the user object for the rest of the request."""
    cached = getattr(user, "_tousu_staff", None)
    if cached is not None:
        return cached
    if is_system_user(user):
        staff = Staff(user_id=user.pk, username=SYSTEM_USERNAME, is_superuser=False, is_system=True)
    elif not getattr(user, "is_authenticated", False) or not user.is_active:
        staff = Staff(user_id=None, username="", is_superuser=False)
    else:
        staff = _load_staff(user)
    user._tousu_staff = staff
    return staff


# --- the system actor --------------------------------------------------------------------------

SYSTEM_USERNAME = "system"
_SYSTEM_CACHE_KEY = "tousu:orgs:system-user"


def is_system_user(user: Any) -> bool:
    """The `system` account: that name, inactive and without a usable password. An account
    somebody reactivated or gave a password is an ordinary (powerless) user, never the system."""
    return (
        getattr(user, "pk", None) is not None
        and user.get_username() == SYSTEM_USERNAME
        and not user.is_active
        and not user.has_usable_password()
    )


def system_user() -> Any:
    """The actor of automatic reminders and escalations (催办/督办 by the system). Created by the
    data migration `orgs.0002_system_user`; created here again if a test flush removed it."""
    user = cache.get(_SYSTEM_CACHE_KEY)
    if user is None:
        user = ensure_system_user(get_user_model())
        cache.set(_SYSTEM_CACHE_KEY, user, 300)
    return user


def ensure_system_user(user_model: Any) -> Any:
    """Get or create the inactive `system` account with an unusable password (also used by the
    data migration, with the historical model)."""
    user, _created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_active": False, "password": make_password(None)},
    )
    return user


def staff_of_many(users: Iterable[Any]) -> dict[int, Staff]:
    """`staff_of` for many users with one membership query in all (the fan-out's recipients):
    each user's `Staff` is cached on the user object as `staff_of` does, by user id here."""
    people = list(users)
    pending = [
        u
        for u in people
        if getattr(u, "_tousu_staff", None) is None
        and not is_system_user(u)
        and getattr(u, "is_authenticated", False)
        and u.is_active
    ]
    rows: dict[int, list[tuple[str, int]]] = {u.pk: [] for u in pending}
    if pending:
        for user_id, role, unit_id in Membership.objects.filter(
            user_id__in=list(rows), unit__is_active=True
        ).values_list("user_id", "role", "unit_id"):
            rows[user_id].append((role, unit_id))
    for user in pending:
        user._tousu_staff = _build_staff(user, rows[user.pk])
    return {u.pk: staff_of(u) for u in people}


def _load_staff(user: Any) -> Staff:
    return _build_staff(
        user,
        Membership.objects.filter(user=user, unit__is_active=True).values_list("role", "unit_id"),
    )


def _build_staff(user: Any, memberships: Iterable[tuple[str, int]]) -> Staff:
    roles: dict[str, set[int]] = {}
    for role, unit_id in memberships:
        roles.setdefault(role, set()).add(unit_id)
    tree = unit_tree()
    own_units = {u for units in roles.values() for u in units}
    centre_units = {u for u in own_units if tree.kind.get(u) in CENTRE_KINDS}
    if user.is_superuser:
        centre_units |= {u for u, parent in tree.parent.items() if parent is None}
        roles.setdefault(Role.ADMIN, set()).update(centre_units)
    return Staff(
        user_id=user.pk,
        username=user.get_username(),
        is_superuser=user.is_superuser,
        roles={r: frozenset(u) for r, u in roles.items()},
        centre_scope=tree.descendants_and_self(centre_units),
        handling_units=frozenset(own_units - centre_units),
        role_scope={r: tree.descendants_and_self(u) for r, u in roles.items()},
    )


def has_signoff_delegation(user_id: int, now: datetime, centre_id: int | None = None) -> bool:
    """主任授权副主任签批: an active delegation from a director — of the case's centre, when
    `centre_id` is given — lets a deputy sign off important cases."""
    grantors = (
        Delegation.objects.filter(grantee_id=user_id, starts_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .values("grantor_id")
    )
    units = set(
        Membership.objects.filter(role=Role.DIRECTOR, user_id__in=grantors).values_list(
            "unit_id", flat=True
        )
    )
    if centre_id is None:
        return bool(units)
    return centre_id in unit_tree().descendants_and_self(units)


def on_duty(unit_id: int, roles: Iterable[str], today: date) -> list[Any]:
    """Who should act for a unit today (A/B 角): the A members who are not away; if all of them
    are away, the B members who are not; if everyone is away, the A members all the same — a
    case must always have someone to wait on."""
    members = list(
        Membership.objects.filter(unit_id=unit_id, role__in=list(roles), user__is_active=True)
        .select_related("user", "user__staff_profile")
        .order_by("user__username")
    )

    def present(m: Membership) -> bool:
        profile = getattr(m.user, "staff_profile", None)
        return profile is None or profile.away_until is None or profile.away_until < today

    for slot, only_present in ((Slot.A, True), (Slot.B, True), (Slot.A, False)):
        chosen = [m.user for m in members if m.slot == slot and (present(m) or not only_present)]
        if chosen:
            return _unique(chosen)
    return []


def _unique(users: list[Any]) -> list[Any]:
    seen: dict[int, Any] = {}
    for user in users:
        seen.setdefault(user.pk, user)
    return list(seen.values())
