"""`visible_to(users, case)` — the access gate asked about many people at once (the fan-out's
recipients) — says exactly what `visible_cases` says person by person, whatever the case's road:
at the centre, waiting for a leader's sign-off, at a unit, returned and sent elsewhere, at a
station; for the administrator, an inactive account and the system actor too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import MONDAY
from tousu.cases import workflow as wf
from tousu.cases.access import visible_cases, visible_to
from tousu.cases.models import Case, Status
from tousu.orgs.staff import system_user

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def _someone_who_left(org: dict[str, Any]) -> None:
    """An inactive account that still has its clerk's membership."""
    left = get_user_model().objects.create_user("left_the_centre", is_active=False)
    org["centre"].memberships.create(user=left, role="clerk")


def everyone() -> list[Any]:
    """Every account, freshly read (no roles cached on them), and the system actor."""
    users = get_user_model().objects.exclude(username="system").order_by("username")
    return [*users, system_user()]


def names(users: list[Any]) -> list[str]:
    return [u.username for u in users]


def one_by_one(users: list[Any], case: Case) -> list[str]:
    return names([u for u in users if visible_cases(u).filter(pk=case.pk).exists()])


def test_many_at_once_is_what_each_alone_would_be_told(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    waiting = make_case(severity="important")
    wf.accept(waiting, actor=org["clerk"], now=MONDAY)
    wf.dispatch(waiting, actor=org["clerk"], now=MONDAY, unit="unit-a")
    sent_on = make_case()
    wf.accept(sent_on, actor=org["clerk"], now=MONDAY)
    wf.dispatch(sent_on, actor=org["clerk"], now=MONDAY, unit="unit-a")
    wf.sign(sent_on, actor=org["unit_a_handler"], now=MONDAY)
    wf.return_case(sent_on, actor=org["unit_a_handler"], now=MONDAY, reason="不属本单位职责")
    wf.dispatch(sent_on, actor=org["clerk"], now=MONDAY, unit="unit-b")
    cases = {
        "at_the_centre": make_case(),
        "waiting": waiting,
        "sent_on": sent_on,
        "at_the_station": make_case(actor=org["station_clerk"]),
    }
    assert (waiting.status, sent_on.status) == (Status.PENDING_APPROVAL, Status.DISPATCHED)

    seen = {name: names(visible_to(everyone(), case)) for name, case in cases.items()}

    centre = ["admin", "analyst", "clerk", "deputy", "director", "dispatcher", "intake_only"]
    assert seen == {
        "at_the_centre": [*centre, "supervisor"],
        "waiting": [*centre, "supervisor"],
        "sent_on": [
            *centre,
            "supervisor",
            "unit_a_handler",
            "unit_a_leader",
            "unit_b_handler",
            "unit_b_leader",
        ],
        "at_the_station": [*centre, "station_clerk", "supervisor"],
    }
    assert seen == {name: one_by_one(everyone(), case) for name, case in cases.items()}
