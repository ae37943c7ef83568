"""A dispatcher cannot give a unit a due date that is not a working day (a weekend, a statutory
holiday, a day the administrator closed): 422 naming `due`, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import act, db_state, invalid
from tests.conftest import MONDAY
from tests.workflow.helpers import advance, end_of, fresh, snapshot
from tousu.calendar.models import CalendarOverride
from tousu.cases import workflow as wf
from tousu.cases.errors import InvalidInput
from tousu.cases.models import Case, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]


@pytest.mark.parametrize(
    "due",
    [
        pytest.param(date(2026, 3, 7), id="saturday"),
        pytest.param(date(2026, 4, 6), id="qingming-monday"),
        pytest.param(date(2026, 5, 1), id="labour-day"),
    ],
)
def test_a_due_date_on_a_day_off_is_refused_and_changes_nothing(
    org: Org, make_case: MakeCase, due: date
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a", due=due)
    assert refused.value.fields == {"due": ["不是工作日"]}  # in the default language
    assert snapshot(case) == before


def test_a_day_the_administrator_closed_is_not_a_due_date_either(
    org: Org, make_case: MakeCase
) -> None:
    CalendarOverride.objects.create(day=date(2026, 3, 10), is_workday=False, note="台风停工")
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    with pytest.raises(InvalidInput) as refused:
        wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a", due=date(2026, 3, 10))
    assert list(refused.value.fields) == ["due"]
    assert fresh(case).status == Status.ACCEPTED


def test_a_make_up_saturday_is_a_working_day_and_a_valid_due_date(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a", due=date(2026, 5, 9))
    assert fresh(case).unit_due == end_of(2026, 5, 9)  # 调休: Saturday May 9 is worked


def test_the_api_answers_422_naming_due_for_a_sunday(
    org: Org,
    make_case: MakeCase,
    api_as: Callable[[str], Client],
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(MONDAY, tick=False)
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    before = db_state()
    response = act(api_as("clerk"), case.pk, "dispatch", {"unit": "unit-a", "due": "2026-03-08"})
    error = invalid(response, "due")
    assert error["fields"] == {"due": ["不是工作日"]}  # Chinese: the API's default language
    assert db_state() == before
