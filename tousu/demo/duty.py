"""The demo centre's duty roster 值班: a day and a night shift from yesterday evening to
tomorrow night, so that the top bar always names someone on duty. Idempotent."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from tousu.calendar import services as calendar
from tousu.orgs.models import DutyRole, Shift, ShiftMember, Unit

DAY = (time(8, 30), time(17, 30), "日班", ("clerk", DutyRole.CLERK), ("deputy", DutyRole.LEADER))
# The night shift starts half an hour before the day shift ends: the handover.
NIGHT = (
    time(17, 0),
    time(8, 30),
    "夜班",
    ("supervisor", DutyRole.CLERK),
    ("director", DutyRole.LEADER),
)


def ensure_shifts(centre: Unit, users: dict[str, Any], now: datetime) -> list[Shift]:
    """Yesterday's night shift, then today's and tomorrow's day and night shifts."""
    zone = calendar.time_zone()
    today = now.astimezone(zone).date()
    plan = [(today - timedelta(days=1), NIGHT)]
    for offset in (0, 1):
        day = today + timedelta(days=offset)
        plan += [(day, DAY), (day, NIGHT)]
    shifts = []
    for day, (start, end, note, *people) in plan:
        starts = datetime.combine(day, start, tzinfo=zone)
        ends = datetime.combine(day + timedelta(days=1) if end < start else day, end, tzinfo=zone)
        shift, _created = Shift.objects.get_or_create(
            centre=centre, starts_at=starts, ends_at=ends, defaults={"note": note}
        )
        for username, role in people:
            ShiftMember.objects.get_or_create(
                shift=shift, user=users[username], defaults={"role": role}
            )
        shifts.append(shift)
    return shifts
