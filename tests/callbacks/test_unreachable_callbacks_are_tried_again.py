"""联系不上: a callback that cannot reach the complainant is tried again the next working day;
after `TOUSU_CALLBACK_MAX_ATTEMPTS` (3) unanswered attempts the case closes as unreachable. Every
attempt is an event with its number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, end_of, fresh, snapshot
from tousu.cases import workflow as wf
from tousu.cases.errors import Forbidden
from tousu.cases.models import Case, CaseEvent, Satisfaction, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]
# Shanghai 10:00 on Thursday 2, Friday 3 (before the Qingming weekend) and Tuesday 7 April 2026.
THURSDAY = datetime(2026, 4, 2, 2, 0, tzinfo=UTC)
FRIDAY = datetime(2026, 4, 3, 2, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 4, 7, 2, 0, tzinfo=UTC)


def replied(org: Org, make_case: MakeCase) -> Case:
    return advance(make_case(), Status.REPLIED, org, MONDAY)


def unreachable(case: Case, org: Org, now: datetime, note: str = "电话无人接听") -> Case:
    return wf.callback(case, actor=org["clerk"], now=now, satisfaction="unreachable", note=note)


def test_an_unanswered_callback_keeps_the_case_waiting_and_is_due_the_next_working_day(
    org: Org, make_case: MakeCase
) -> None:
    case = unreachable(replied(org, make_case), org, THURSDAY)
    stored = fresh(case)
    assert (stored.status, stored.satisfaction, stored.closed_at) == (Status.REPLIED, "", None)
    assert (stored.callback_attempts, stored.callback_due, stored.current_due) == (
        1,
        end_of(2026, 4, 3),
        end_of(2026, 4, 3),
    )


def test_an_attempt_on_the_friday_before_qingming_is_tried_again_on_tuesday(
    org: Org, make_case: MakeCase
) -> None:
    case = unreachable(replied(org, make_case), org, FRIDAY)
    assert fresh(case).callback_due == end_of(2026, 4, 7)


def test_the_third_unanswered_attempt_closes_the_case_as_unreachable(
    org: Org, make_case: MakeCase
) -> None:
    case = replied(org, make_case)
    unreachable(case, org, THURSDAY)
    unreachable(case, org, FRIDAY, note="关机")
    unreachable(case, org, TUESDAY, note="空号")
    stored = fresh(case)
    assert (stored.status, stored.satisfaction, stored.closed_at, stored.callback_attempts) == (
        Status.CLOSED,
        Satisfaction.UNREACHABLE,
        TUESDAY,
        3,
    )
    attempts = CaseEvent.objects.filter(case=case, verb="callback").order_by("id")
    assert [(e.at, e.to_status, e.note, e.data) for e in attempts] == [
        (THURSDAY, Status.REPLIED, "电话无人接听", {"satisfaction": "unreachable", "attempt": 1}),
        (FRIDAY, Status.REPLIED, "关机", {"satisfaction": "unreachable", "attempt": 2}),
        (TUESDAY, Status.CLOSED, "空号", {"satisfaction": "unreachable", "attempt": 3}),
    ]


def test_the_number_of_attempts_is_a_setting(org: Org, make_case: MakeCase, settings: Any) -> None:
    settings.CALLBACK_MAX_ATTEMPTS = 2
    case = replied(org, make_case)
    unreachable(case, org, THURSDAY)
    unreachable(case, org, FRIDAY)
    assert (fresh(case).status, fresh(case).callback_attempts) == (Status.CLOSED, 2)


def test_a_complainant_reached_at_the_second_attempt_closes_the_case_satisfied(
    org: Org, make_case: MakeCase
) -> None:
    case = unreachable(replied(org, make_case), org, THURSDAY)
    wf.callback(case, actor=org["supervisor"], now=FRIDAY, satisfaction="satisfied")
    stored = fresh(case)
    assert (stored.status, stored.satisfaction, stored.callback_attempts) == (
        Status.CLOSED,
        Satisfaction.SATISFIED,
        1,
    )


def test_a_new_reply_after_rework_starts_the_attempts_again(org: Org, make_case: MakeCase) -> None:
    case = unreachable(replied(org, make_case), org, THURSDAY)
    wf.callback(case, actor=org["clerk"], now=FRIDAY, satisfaction="dissatisfied", note="未修好")
    advance(case, Status.REVIEWED, org, FRIDAY)
    wf.reply(case, actor=org["clerk"], now=TUESDAY, content="已更换主板", channel="phone")
    stored = fresh(case)
    assert (stored.callback_attempts, stored.callback_due) == (0, end_of(2026, 4, 10))


def test_a_unit_handler_may_not_record_an_unanswered_attempt(org: Org, make_case: MakeCase) -> None:
    case = replied(org, make_case)
    before = snapshot(case) | {"attempts": fresh(case).callback_attempts}
    with pytest.raises(Forbidden):
        unreachable(case, org | {"clerk": org["unit_a_handler"]}, THURSDAY)
    assert snapshot(case) | {"attempts": fresh(case).callback_attempts} == before
