"""The demo centre has someone on duty whenever it is started, and loading it twice adds nothing."""

from __future__ import annotations

from typing import Any

from tests.duty.conftest import FRIDAY, SATURDAY, at
from tousu.demo.accounts import ensure_organisation
from tousu.orgs.duty import on_duty
from tousu.orgs.models import Shift, ShiftMember, Unit


def test_the_demo_roster_covers_yesterday_night_to_tomorrow_night_once(db: Any) -> None:
    now = at(FRIDAY, "03:00")
    ensure_organisation(now)
    ensure_organisation(now)
    centre = Unit.objects.get(code="centre")

    assert Shift.objects.count() == 5
    assert ShiftMember.objects.count() == 10
    assert [(m.user.username, m.role) for m in on_duty([centre.pk], now)] == [
        ("director", "leader"),
        ("supervisor", "clerk"),
    ]
    assert [(m.user.username, m.role) for m in on_duty([centre.pk], at(FRIDAY, "10:00"))] == [
        ("deputy", "leader"),
        ("clerk", "clerk"),
    ]
    assert [m.user.username for m in on_duty([centre.pk], at(SATURDAY, "23:00"))] == [
        "director",
        "supervisor",
    ]
