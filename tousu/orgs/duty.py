"""The duty roster 值班: who is on shift at a centre at a moment, office hours, handover notes.

A centre is staffed around the clock by shifts; outside office hours (`settings.OFFICE_HOURS` on
the working days of the calendar) the duty clerks on shift are the ones told of a new case. The
roster belongs to a centre-side unit; a user's roster is that of their centre-side units and of
the units above them (a station's clerk sees the city centre's duty).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from tousu.calendar import services as calendar

from .models import CENTRE_KINDS, DutyRole, HandoverNote, Shift, ShiftMember
from .staff import staff_of, unit_tree

# Who is on duty, as the top bar shows it, is kept this long per centre (the roster changes by
# the hour); a shift edited in the admin announces a new roster (`roster_changed`) and shows at
# once.
ON_DUTY_TTL = 60  # seconds
_ROSTER_VERSION_KEY = "tousu:orgs:roster-version"
HANDOVER_MAX_LENGTH = 4000


class HandoverRefused(Exception):
    """A handover note that may not be written; the message names the reason."""


# --- office hours -------------------------------------------------------------------------------


def office_hours() -> tuple[time, time]:
    """`settings.OFFICE_HOURS` ("08:30-17:30", local time) as (start, end)."""
    start, _sep, end = str(settings.OFFICE_HOURS).partition("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())


def in_office_hours(now: datetime) -> bool:
    """A working day of the centre's calendar (make-up Saturdays included, holidays not) and a
    local time inside the office hours."""
    local = now.astimezone(calendar.time_zone())
    start, end = office_hours()
    return calendar.get_calendar().is_workday(local.date()) and start <= local.time() < end


# --- who is on duty -----------------------------------------------------------------------------


def on_duty(centres: Iterable[int], now: datetime, role: str | None = None) -> list[ShiftMember]:
    """The people on a shift of these centre units at `now` (each once: at a handover, the
    outgoing and the incoming shift overlap), duty leaders first, then by username."""
    members = ShiftMember.objects.filter(
        shift__centre_id__in=list(centres), shift__starts_at__lte=now, shift__ends_at__gt=now
    )
    if role is not None:
        members = members.filter(role=role)
    found = members.select_related("user__staff_profile", "shift").order_by(
        "-role", "user__username", "shift__starts_at"
    )
    seen: set[int] = set()
    people = []
    for member in found:
        if member.user_id not in seen and member.user.is_active:
            seen.add(member.user_id)
            people.append(member)
    return people


def duty_clerks(centres: Iterable[int], now: datetime) -> list[Any]:
    """The users on shift as duty clerks at `now`."""
    return [m.user for m in on_duty(centres, now, role=DutyRole.CLERK)]


def chain_up(unit_id: int | None) -> list[int]:
    """The unit and every unit above it."""
    parents = unit_tree().parent
    chain: list[int] = []
    node = unit_id
    while node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    return chain


def duty_centres(user: Any) -> list[int]:
    """The centre-side units whose roster is the user's: those they work in and those above."""
    staff = staff_of(user)
    kinds = unit_tree().kind
    own = sorted(
        {u for units in staff.roles.values() for u in units if kinds.get(u) in CENTRE_KINDS}
    )
    centres: list[int] = []
    for unit in own:
        centres += [u for u in chain_up(unit) if u not in centres and kinds.get(u) in CENTRE_KINDS]
    return centres


@dataclass(frozen=True)
class OnDuty:
    name: str
    role: str

    @property
    def role_label(self) -> str:
        return str(DutyRole(self.role).label)


def roster_version() -> str:
    """A token that changes whenever the roster is edited: the cached "who is on duty" of every
    centre carries it in its key, so one change reaches them all (whichever chains of centres
    were cached)."""
    return str(cache.get_or_set(_ROSTER_VERSION_KEY, lambda: secrets.token_hex(8), None))


def roster_changed() -> None:
    """After a shift or the people on it changed (the admin calls this on every write)."""
    cache.set(_ROSTER_VERSION_KEY, secrets.token_hex(8), None)


def on_duty_now(user: Any, now: datetime) -> list[OnDuty]:
    """Who is on duty for the user's centre, for the top bar: one query, cached per centre."""
    centres = duty_centres(user)
    if not centres:
        return []
    key = f"tousu:orgs:on-duty:{roster_version()}:" + "-".join(str(c) for c in centres)
    found: list[OnDuty] | None = cache.get(key)
    if found is None:
        found = [OnDuty(display_name(m.user), m.role) for m in on_duty(centres, now)]
        cache.set(key, found, ON_DUTY_TTL)
    return found


def display_name(user: Any) -> str:
    profile = getattr(user, "staff_profile", None)
    return (profile.display_name if profile is not None else "") or user.get_username()


# --- the roster around a moment, and the handover -----------------------------------------------


def shifts_of_the_day(centres: Iterable[int], now: datetime, following: int = 4) -> list[Shift]:
    """The shifts of the local day of `now` (any that overlap it), then the next `following`."""
    zone = calendar.time_zone()
    day = now.astimezone(zone).date()
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = start + timedelta(days=1)
    wanted = list(centres)
    people = ShiftMember.objects.select_related("user__staff_profile").order_by(
        "-role", "user__username"
    )
    shifts = (
        Shift.objects.filter(centre_id__in=wanted)
        .select_related("centre")
        .prefetch_related(Prefetch("members", queryset=people))
    )
    today = list(shifts.filter(starts_at__lt=end, ends_at__gt=start).order_by("starts_at", "id"))
    later = list(shifts.filter(starts_at__gte=end).order_by("starts_at", "id")[:following])
    return today + later


def current_shift_of(user: Any, centres: Iterable[int], now: datetime) -> Shift | None:
    """The shift the user is on now (the latest begun, at a handover), or None."""
    return (
        Shift.objects.filter(
            centre_id__in=list(centres),
            starts_at__lte=now,
            ends_at__gt=now,
            members__user=user,
        )
        .order_by("-starts_at", "-id")
        .first()
    )


def next_shift(shift: Shift) -> Shift | None:
    """The centre's shift that begins next after this one began."""
    return (
        Shift.objects.filter(centre_id=shift.centre_id, starts_at__gt=shift.starts_at)
        .order_by("starts_at", "id")
        .first()
    )


def write_handover(user: Any, centres: Iterable[int], text: str, now: datetime) -> HandoverNote:
    """The user on shift writes a note for the next shift. Refused (nothing written) when the
    user is on no shift now or the text is empty or too long."""
    text = text.strip()
    if not text:
        raise HandoverRefused(_("Write what the next shift needs to know."))
    if len(text) > HANDOVER_MAX_LENGTH:
        raise HandoverRefused(
            _("A handover note is at most %(n)d characters.") % {"n": HANDOVER_MAX_LENGTH}
        )
    with transaction.atomic():
        shift = current_shift_of(user, centres, now)
        if shift is None:
            raise HandoverRefused(_("Only a person on duty now writes a handover note."))
        return HandoverNote.objects.create(
            from_shift=shift, to_shift=next_shift(shift), author=user, text=text, created_at=now
        )


def handover_notes(centres: Iterable[int], limit: int = 20) -> list[HandoverNote]:
    """The latest handover notes of these centres, newest first."""
    return list(
        HandoverNote.objects.filter(from_shift__centre_id__in=list(centres))
        .select_related("from_shift", "to_shift", "author__staff_profile")
        .order_by("-created_at", "-id")[:limit]
    )
