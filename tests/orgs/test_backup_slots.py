"""A/B 角: when the A handler is away the B handler stands in; no case waits on an absent person."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from tousu.orgs.models import Membership, Role, Slot, StaffProfile
from tousu.orgs.staff import on_duty

TODAY = date(2026, 3, 2)


def _backup_for_unit_a(org: dict[str, Any]) -> Any:
    backup = get_user_model().objects.create_user("unit_a_backup", password="x-not-used-x")
    Membership.objects.create(user=backup, unit=org["unit_a"], role=Role.HANDLER, slot=Slot.B)
    return backup


def test_the_a_handler_is_on_duty_when_present(org: dict[str, Any]) -> None:
    _backup_for_unit_a(org)
    assert on_duty(org["unit_a"].pk, [Role.HANDLER], TODAY) == [org["unit_a_handler"]]


def test_the_b_handler_stands_in_while_the_a_handler_is_away(org: dict[str, Any]) -> None:
    backup = _backup_for_unit_a(org)
    StaffProfile.objects.create(
        user=org["unit_a_handler"], display_name="李明", away_until=date(2026, 3, 6)
    )
    assert on_duty(org["unit_a"].pk, [Role.HANDLER], TODAY) == [backup]


def test_the_a_handler_is_back_on_duty_the_day_after_the_absence_ends(
    org: dict[str, Any],
) -> None:
    _backup_for_unit_a(org)
    StaffProfile.objects.create(
        user=org["unit_a_handler"], display_name="李明", away_until=date(2026, 3, 1)
    )
    assert on_duty(org["unit_a"].pk, [Role.HANDLER], TODAY) == [org["unit_a_handler"]]


def test_when_everyone_is_away_the_a_handler_still_gets_the_case(org: dict[str, Any]) -> None:
    backup = _backup_for_unit_a(org)
    for user in (org["unit_a_handler"], backup):
        StaffProfile.objects.create(user=user, display_name=user.username, away_until=TODAY)
    assert on_duty(org["unit_a"].pk, [Role.HANDLER], TODAY) == [org["unit_a_handler"]]


def test_a_unit_without_anyone_in_the_role_has_nobody_on_duty(org: dict[str, Any]) -> None:
    assert on_duty(org["unit_b"].pk, [Role.DIRECTOR], TODAY) == []
