"""The top bar keeps who is on duty for a minute; a shift edited in the admin — its times, the
people on it, or the shift deleted — shows at once, for every user of the centre and of the
stations below it (each caches the roster of their own chain of centres)."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.duty.conftest import SATURDAY, at
from tests.workbench.case_helpers import client_for
from tousu.orgs.models import DutyRole, Shift, ShiftMember

NOW = at(SATURDAY, "10:00")  # the weekend shift: the dispatcher


def on_duty_shown(client: Client) -> list[str]:
    html = client.get(reverse("workbench:home")).content.decode()
    return re.findall(r'<span class="duty-person">([^<]*)</span>', html)


def change_form(shift: Shift, members: list[tuple[Any, str]]) -> dict[str, Any]:
    """What the admin's change form of the shift posts: its fields and the people on it (those
    given stay or are added; those left out are deleted)."""
    existing = list(shift.members.order_by("id"))
    data: dict[str, Any] = {
        "centre": shift.centre_id,
        "starts_at_0": "2026-03-07",
        "starts_at_1": "08:30:00",
        "ends_at_0": "2026-03-09",
        "ends_at_1": "08:30:00",
        "note": "",
        "members-TOTAL_FORMS": str(len(existing) + len(members)),
        "members-INITIAL_FORMS": str(len(existing)),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for n, member in enumerate(existing):
        data |= {
            f"members-{n}-id": member.pk,
            f"members-{n}-shift": shift.pk,
            f"members-{n}-user": member.user_id,
            f"members-{n}-role": member.role,
            f"members-{n}-DELETE": "on",
        }
    for n, (user, role) in enumerate(members, start=len(existing)):
        data |= {
            f"members-{n}-shift": shift.pk,
            f"members-{n}-user": user.pk,
            f"members-{n}-role": role,
        }
    return data


def test_people_put_on_the_current_shift_in_the_admin_show_at_once_everywhere(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(NOW, tick=False)
    clerk, station_clerk = client_for(org["clerk"]), client_for(org["station_clerk"])
    assert on_duty_shown(clerk) == on_duty_shown(station_clerk) == ["dispatcher (duty clerk)"]
    weekend = roster["weekend"]

    answer = client_for(org["admin"]).post(
        reverse("admin:orgs_shift_change", args=[weekend.pk]),
        change_form(weekend, [(org["deputy"], DutyRole.LEADER), (org["clerk"], DutyRole.CLERK)]),
    )

    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert list(weekend.members.values_list("user__username", flat=True).order_by("id")) == [
        "deputy",
        "clerk",
    ]
    expected = ["deputy (duty leader)", "clerk (duty clerk)"]
    assert on_duty_shown(clerk) == on_duty_shown(station_clerk) == expected


def test_a_shift_deleted_in_the_admin_leaves_the_top_bar_at_once(
    org: dict[str, Any], roster: dict[str, Shift], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(NOW, tick=False)
    clerk = client_for(org["clerk"])
    assert on_duty_shown(clerk) == ["dispatcher (duty clerk)"]

    answer = client_for(org["admin"]).post(
        reverse("admin:orgs_shift_delete", args=[roster["weekend"].pk]), {"post": "yes"}
    )

    assert answer.status_code == 302
    assert not ShiftMember.objects.filter(user=org["dispatcher"]).exists()
    assert on_duty_shown(clerk) == []
