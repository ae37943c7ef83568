"""The duty roster of the city centre over a weekend; the fan-out cursor at the end of the log.

Friday 2026-03-06 (an ordinary working day, office hours 08:30–17:30) to Monday 2026-03-09:

- the day shift, Friday 08:30–17:30: the clerk (duty clerk) and the deputy (duty leader);
- the night shift, Friday 17:00 – Saturday 08:30 (it overlaps the day shift for the handover):
  intake_only (duty clerk) and the director (duty leader);
- the weekend shift, Saturday 08:30 – Monday 08:30: the dispatcher (duty clerk).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.notify.conftest import last_event_id_handed_out
from tousu.notify.models import Cursor
from tousu.orgs.models import DutyRole, Shift, ShiftMember

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY = date(2026, 3, 6)
SATURDAY = date(2026, 3, 7)
SUNDAY = date(2026, 3, 8)
MONDAY = date(2026, 3, 9)


def at(day: date, clock: str) -> datetime:
    """A local moment at the centre, e.g. at(FRIDAY, "17:30")."""
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def shift(centre: Any, starts: datetime, ends: datetime, *people: tuple[Any, str]) -> Shift:
    made = Shift.objects.create(centre=centre, starts_at=starts, ends_at=ends)
    for user, role in people:
        ShiftMember.objects.create(shift=made, user=user, role=role)
    return made


@pytest.fixture
def roster(org: dict[str, Any]) -> dict[str, Shift]:
    centre = org["centre"]
    return {
        "day": shift(
            centre,
            at(FRIDAY, "08:30"),
            at(FRIDAY, "17:30"),
            (org["clerk"], DutyRole.CLERK),
            (org["deputy"], DutyRole.LEADER),
        ),
        "night": shift(
            centre,
            at(FRIDAY, "17:00"),
            at(SATURDAY, "08:30"),
            (org["intake_only"], DutyRole.CLERK),
            (org["director"], DutyRole.LEADER),
        ),
        "weekend": shift(
            centre,
            at(SATURDAY, "08:30"),
            at(MONDAY, "08:30"),
            (org["dispatcher"], DutyRole.CLERK),
        ),
    }


@pytest.fixture(autouse=True)
def _cursor_at_the_end_of_the_log(db: Any) -> None:
    # As in tests/notify: each story's events are the first the fan-out reads.
    Cursor.objects.update_or_create(
        name="fanout", defaults={"last_event_id": last_event_id_handed_out()}
    )
