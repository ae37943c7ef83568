"""The fan-out asks the access gate about every recipient of an event at once (`visible_to`): the
queries of one event are the same for two recipients as for eight — no query per person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import advance
from tests.conftest import MONDAY
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Status
from tousu.notify.fanout import fan_out
from tousu.notify.models import Outbox
from tousu.orgs.models import Membership, Role, StaffProfile
from tousu.orgs.staff import system_user

MakeCase = Callable[..., Case]
LATER = MONDAY + timedelta(hours=1)


def more_staff(unit: Any, role: str, how_many: int) -> None:
    """Colleagues with an e-mail address and a profile, so every channel is looked at."""
    User = get_user_model()
    for n in range(how_many):
        user = User.objects.create_user(f"{unit.code}-{role}-{n}", email=f"{role}{n}@example.cn")
        StaffProfile.objects.create(user=user, display_name=f"{role} {n}", phone="13900000000")
        Membership.objects.create(user=user, unit=unit, role=role)


def fan_out_counting(now: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        fan_out(now)
    return len(queries.captured_queries)


def dispatch_cost(org: dict[str, Any], make_case: MakeCase) -> tuple[int, int]:
    """(queries, outbox rows) of fanning out one dispatch to unit A."""
    case = advance(make_case(), org, Status.ACCEPTED)
    fan_out(LATER)
    wf.dispatch(case, actor=org["clerk"], now=LATER, unit="unit-a")
    before = Outbox.objects.count()
    queries = fan_out_counting(LATER)
    return queries, Outbox.objects.count() - before


def test_a_dispatch_to_eight_unit_staff_costs_what_a_dispatch_to_two_costs(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    few = dispatch_cost(org, make_case)
    more_staff(org["unit_a"], Role.HANDLER, 6)

    many = dispatch_cost(org, make_case)

    assert (few[1], many[1]) == (2, 2 + 6 * 2)  # in-app for the two; in-app and e-mail for six
    # savepoint, the cursor (twice: get, lock), the events, the unit's staff, their roles, the
    # case's transfers, their preferences, the outbox insert, the cursor's move, release
    assert (few[0], many[0]) == (11, 11)


def test_a_callback_due_to_many_centre_staff_costs_what_it_costs_for_few(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    costs = []
    for added in (0, 6):
        more_staff(org["centre"], Role.CLERK, added)
        case = advance(make_case(), org, Status.REPLIED)
        fan_out(LATER)
        wf.warn(case, actor=system_user(), now=LATER)
        costs.append(fan_out_counting(LATER))

    # as for a dispatch, without the transfers: the centre's staff see the centre's cases
    assert costs == [10, 10]
