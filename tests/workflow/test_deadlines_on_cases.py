"""Deadlines on real cases, through the workflow: 23:59:59 Shanghai time of the N-th working day,
on the Chinese calendar with its statutory holidays and make-up working days (调休).

Every expected date below was counted by hand on the official schedules:
  2025 Spring Festival: off Jan 28 – Feb 4; make-up workdays Sun Jan 26, Sat Feb 8.
  2026 Spring Festival: off Feb 15 – 23; make-up workdays Sat Feb 14, Sat Feb 28.
  2025 National Day:    off Oct 1 – 8;   make-up workdays Sun Sep 28, Sat Oct 11.
  2026 National Day:    off Oct 1 – 7;   make-up workday  Sat Oct 10.
  2026 Qingming:        off Sat Apr 4 – Mon Apr 6.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.unknown_year import require_2027_unknown
from tests.workflow.helpers import SHANGHAI, advance, end_of, fresh, shanghai, snapshot
from tousu.calendar import services as calendar
from tousu.calendar.models import CalendarOverride, PublishedYear
from tousu.cases import workflow as wf
from tousu.cases.deadlines import deadline_state, invalidate_policies, remaining_workdays
from tousu.cases.errors import InvalidInput
from tousu.cases.models import (
    Assignment,
    Case,
    CaseEvent,
    DeadlinePolicy,
    ExtensionRequest,
    Kind,
    Status,
)
from tousu.categories.models import Category

Org = dict[str, Any]
MakeCase = Callable[..., Case]


def received(make_case: MakeCase, at: datetime, **overrides: Any) -> Case:
    """A case received and registered at `at`."""
    return make_case(now=at, received_at=at, **overrides)


def accepted_at(org: Org, make_case: MakeCase, at: datetime, **overrides: Any) -> Case:
    case = received(make_case, at, **overrides)
    wf.accept(case, actor=org["clerk"], now=at)
    return case


# --- accept_due: the first working day after the day of receipt ---------------------------------


def test_accept_due_is_the_end_of_the_next_working_day_in_shanghai_stored_as_utc(
    make_case: MakeCase,
) -> None:
    case = fresh(received(make_case, MONDAY))  # Monday 2026-03-02 10:00 Shanghai
    assert case.accept_due == datetime(2026, 3, 3, 15, 59, 59, tzinfo=UTC)
    assert case.accept_due is not None
    assert case.accept_due.utcoffset() == timedelta(0)
    local = case.accept_due.astimezone(SHANGHAI)
    assert (local.date(), local.time()) == (date(2026, 3, 3), time(23, 59, 59))
    assert case.current_due == case.accept_due


@pytest.mark.parametrize(
    ("receipt", "due"),
    [
        pytest.param(
            shanghai(2026, 3, 2, 0, 30), date(2026, 3, 3), id="monday-00:30-is-sunday-utc"
        ),
        pytest.param(shanghai(2026, 3, 2, 23, 30), date(2026, 3, 3), id="monday-late-evening"),
        pytest.param(shanghai(2026, 3, 6, 16), date(2026, 3, 9), id="friday"),
        pytest.param(shanghai(2026, 3, 7, 11), date(2026, 3, 9), id="saturday"),
        pytest.param(shanghai(2026, 3, 8, 23, 59), date(2026, 3, 9), id="sunday-night"),
    ],
)
def test_accept_due_counts_from_the_local_day_of_receipt(
    make_case: MakeCase, receipt: datetime, due: date
) -> None:
    assert fresh(received(make_case, receipt)).accept_due == end_of(due.year, due.month, due.day)


@pytest.mark.parametrize(
    ("receipt", "due"),
    [
        pytest.param(date(2025, 1, 25), date(2025, 1, 26), id="2025sf-sat-to-makeup-sun"),
        pytest.param(date(2025, 1, 27), date(2025, 2, 5), id="2025sf-over-the-holiday"),
        pytest.param(date(2025, 2, 7), date(2025, 2, 8), id="2025sf-fri-to-makeup-sat"),
        pytest.param(date(2026, 2, 13), date(2026, 2, 14), id="2026sf-fri-to-makeup-sat"),
        pytest.param(date(2026, 2, 14), date(2026, 2, 24), id="2026sf-makeup-sat-over-holiday"),
        pytest.param(date(2026, 2, 18), date(2026, 2, 24), id="2026sf-during-the-holiday"),
        pytest.param(date(2026, 2, 27), date(2026, 2, 28), id="2026sf-fri-to-makeup-sat"),
        pytest.param(date(2025, 9, 27), date(2025, 9, 28), id="2025nd-sat-to-makeup-sun"),
        pytest.param(date(2025, 9, 30), date(2025, 10, 9), id="2025nd-over-the-holiday"),
        pytest.param(date(2025, 10, 10), date(2025, 10, 11), id="2025nd-fri-to-makeup-sat"),
        pytest.param(date(2026, 9, 30), date(2026, 10, 8), id="2026nd-over-the-holiday"),
        pytest.param(date(2026, 10, 9), date(2026, 10, 10), id="2026nd-fri-to-makeup-sat"),
    ],
)
def test_accept_due_across_the_spring_festival_and_national_day(
    make_case: MakeCase, receipt: date, due: date
) -> None:
    case = received(make_case, shanghai(receipt.year, receipt.month, receipt.day, 15))
    assert fresh(case).accept_due == end_of(due.year, due.month, due.day)
    assert fresh(case).deadline_provisional is False


# --- handle_due: from the acceptance day, by kind -----------------------------------------------


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        (Kind.CONSULTATION, date(2026, 3, 4)),
        (Kind.SUGGESTION, date(2026, 3, 16)),
        (Kind.HELP, date(2026, 3, 16)),
        (Kind.PRAISE, date(2026, 3, 16)),
        (Kind.COMPLAINT, date(2026, 3, 23)),
        (Kind.REPORT, date(2026, 3, 23)),
    ],
)
def test_handle_due_depends_on_the_kind_of_case(
    org: Org, make_case: MakeCase, kind: str, due: date
) -> None:
    case = fresh(accepted_at(org, make_case, MONDAY, kind=kind))
    assert case.handle_due == end_of(due.year, due.month, due.day)
    assert case.current_due == case.handle_due
    assert case.accepted_at == MONDAY


@pytest.mark.parametrize(
    ("accepted", "kind", "due"),
    [
        pytest.param(date(2025, 1, 27), Kind.COMPLAINT, date(2025, 2, 24), id="2025sf-complaint"),
        pytest.param(date(2025, 1, 27), Kind.CONSULTATION, date(2025, 2, 6), id="2025sf-consult"),
        pytest.param(date(2025, 1, 27), Kind.SUGGESTION, date(2025, 2, 17), id="2025sf-suggest"),
        pytest.param(
            date(2025, 1, 26), Kind.CONSULTATION, date(2025, 2, 5), id="2025sf-makeup-sun"
        ),
        pytest.param(date(2026, 2, 13), Kind.COMPLAINT, date(2026, 3, 12), id="2026sf-complaint"),
        pytest.param(date(2026, 2, 13), Kind.CONSULTATION, date(2026, 2, 24), id="2026sf-consult"),
        pytest.param(date(2026, 2, 13), Kind.HELP, date(2026, 3, 5), id="2026sf-help"),
        pytest.param(date(2026, 2, 15), Kind.CONSULTATION, date(2026, 2, 25), id="2026sf-on-duty"),
        pytest.param(date(2025, 9, 30), Kind.COMPLAINT, date(2025, 10, 28), id="2025nd-complaint"),
        pytest.param(date(2025, 9, 30), Kind.CONSULTATION, date(2025, 10, 10), id="2025nd-consult"),
        pytest.param(date(2025, 9, 30), Kind.PRAISE, date(2025, 10, 21), id="2025nd-praise"),
        pytest.param(date(2026, 9, 30), Kind.COMPLAINT, date(2026, 10, 27), id="2026nd-complaint"),
        pytest.param(date(2026, 10, 9), Kind.REPORT, date(2026, 10, 29), id="2026nd-report"),
        pytest.param(date(2026, 10, 9), Kind.CONSULTATION, date(2026, 10, 12), id="2026nd-consult"),
    ],
)
def test_handle_due_across_the_spring_festival_and_national_day(
    org: Org, make_case: MakeCase, accepted: date, kind: str, due: date
) -> None:
    at = shanghai(accepted.year, accepted.month, accepted.day, 9, 30)
    case = fresh(accepted_at(org, make_case, at, kind=kind))
    assert case.handle_due == end_of(due.year, due.month, due.day)
    assert case.deadline_provisional is False


# --- the unit's own due date ------------------------------------------------------------------


def test_a_transfer_is_due_seven_working_days_after_dispatch_by_default(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.DISPATCHED, org, MONDAY)
    stored = fresh(case)
    assert stored.unit_due == end_of(2026, 3, 11)
    assert Assignment.objects.get(case=case).due == end_of(2026, 3, 11)
    # While the unit holds it, the case is measured against the nearer of the two deadlines.
    assert stored.current_due == end_of(2026, 3, 11)


def test_a_transfer_over_national_day_2025_is_due_seven_working_days_later(
    org: Org, make_case: MakeCase
) -> None:
    at = shanghai(2025, 9, 30, 9)
    case = advance(make_case(now=at, received_at=at), Status.DISPATCHED, org, at)
    assert fresh(case).unit_due == end_of(2025, 10, 16)


def test_the_dispatcher_may_set_an_explicit_due_date(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a", due=date(2026, 3, 20))
    assert fresh(case).unit_due == end_of(2026, 3, 20)
    assert Assignment.objects.get(case=case).due == end_of(2026, 3, 20)
    dispatch = CaseEvent.objects.get(case=case, verb="dispatch")
    assert datetime.fromisoformat(dispatch.data["due"]) == end_of(2026, 3, 20)


def test_a_due_date_of_today_is_accepted(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a", due=date(2026, 3, 2))
    assert fresh(case).unit_due == end_of(2026, 3, 2)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        pytest.param(MONDAY, date(2026, 3, 1), id="yesterday"),
        # 00:30 on Tuesday in Shanghai is still Monday in UTC: Monday is already past.
        pytest.param(shanghai(2026, 3, 3, 0, 30), date(2026, 3, 2), id="yesterday-in-shanghai"),
    ],
)
def test_a_due_date_in_the_past_is_invalid_and_changes_nothing(
    org: Org, make_case: MakeCase, now: datetime, due: date
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.dispatch(case, actor=org["clerk"], now=now, unit="unit-a", due=due)
    assert list(refused.value.fields) == ["due"]
    assert snapshot(case) == before


# --- extensions -------------------------------------------------------------------------------


def test_an_approved_extension_moves_both_deadlines_by_its_working_days(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    assert (case.handle_due, case.unit_due) == (end_of(2026, 3, 23), end_of(2026, 3, 11))
    wf.request_extension(
        case, actor=org["unit_a_handler"], now=MONDAY, days=10, reason="需现场勘查"
    )
    assert fresh(case).extension_pending is True
    wf.decide_extension(case, actor=org["deputy"], now=MONDAY, approve=True, note="同意")
    stored = fresh(case)
    # handle_due Mar 23 + 10 working days skips the Qingming holiday (Apr 4–6): Apr 7.
    assert (stored.handle_due, stored.unit_due) == (end_of(2026, 4, 7), end_of(2026, 3, 25))
    assert stored.extension_pending is False
    assert stored.current_due == end_of(2026, 3, 25)
    request = ExtensionRequest.objects.get(case=case)
    assert (request.approved, request.decided_by_id, request.decided_at) == (
        True,
        org["deputy"].pk,
        MONDAY,
    )


def test_a_refused_extension_leaves_the_deadlines(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.request_extension(case, actor=org["unit_a_handler"], now=MONDAY, days=5, reason="人手不足")
    wf.decide_extension(case, actor=org["director"], now=MONDAY, approve=False, note="不同意")
    stored = fresh(case)
    assert (stored.handle_due, stored.unit_due) == (end_of(2026, 3, 23), end_of(2026, 3, 11))
    assert stored.extension_pending is False
    assert ExtensionRequest.objects.get(case=case).approved is False


# --- suspension stops the clock ---------------------------------------------------------------


def _accepted_before_spring_festival_2026(org: Org, make_case: MakeCase) -> Case:
    at = shanghai(2026, 2, 9, 10)  # Monday
    case = advance(make_case(now=at, received_at=at), Status.HANDLING, org, at)
    assert (case.handle_due, case.unit_due) == (end_of(2026, 3, 6), end_of(2026, 2, 25))
    return case


def test_deadlines_move_by_the_working_days_spent_suspended_across_spring_festival(
    org: Org, make_case: MakeCase
) -> None:
    case = _accepted_before_spring_festival_2026(org, make_case)
    wf.suspend(case, actor=org["deputy"], now=shanghai(2026, 2, 13, 10), reason="等待鉴定结论")
    suspended = fresh(case)
    assert (suspended.status, suspended.current_due) == (Status.SUSPENDED, None)
    # Past the unit's due date while suspended: the clock has stopped.
    assert deadline_state(suspended, shanghai(2026, 2, 26, 10)) == "normal"

    # Suspended from Friday Feb 13 to Wednesday Feb 25: lost Sat Feb 14 (make-up), Feb 24, 25.
    wf.resume(case, actor=org["deputy"], now=shanghai(2026, 2, 25, 10))
    stored = fresh(case)
    assert stored.status == Status.HANDLING
    assert (stored.handle_due, stored.unit_due) == (end_of(2026, 3, 11), end_of(2026, 2, 28))
    assert stored.suspended_at is None
    assert CaseEvent.objects.get(case=case, verb="resume").data == {"workdays_suspended": 3}


def test_a_suspension_that_lies_within_the_holiday_costs_no_working_days(
    org: Org, make_case: MakeCase
) -> None:
    case = _accepted_before_spring_festival_2026(org, make_case)
    wf.suspend(case, actor=org["deputy"], now=shanghai(2026, 2, 16, 10), reason="等待鉴定结论")
    wf.resume(case, actor=org["deputy"], now=shanghai(2026, 2, 23, 16))
    stored = fresh(case)
    assert (stored.handle_due, stored.unit_due) == (end_of(2026, 3, 6), end_of(2026, 2, 25))
    assert CaseEvent.objects.get(case=case, verb="resume").data == {"workdays_suspended": 0}


def test_a_suspended_case_resumes_to_the_status_it_was_in(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    wf.suspend(case, actor=org["director"], now=MONDAY, reason="等待上级答复")
    wf.resume(case, actor=org["director"], now=MONDAY + timedelta(hours=1))
    stored = fresh(case)
    assert (stored.status, stored.suspended_from, stored.handle_due) == (
        Status.ACCEPTED,
        "",
        end_of(2026, 3, 23),
    )


# --- how urgent a case is ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "state", "remaining"),
    [
        pytest.param(shanghai(2026, 3, 2, 10), "normal", 15, id="just-accepted"),
        pytest.param(shanghai(2026, 3, 18, 23, 59, 59), "normal", 3, id="three-days-left"),
        pytest.param(shanghai(2026, 3, 19, 0, 0), "warning", 2, id="two-days-left"),
        pytest.param(shanghai(2026, 3, 21, 12), "warning", 1, id="the-weekend-before"),
        pytest.param(shanghai(2026, 3, 23, 23, 59, 59), "warning", 0, id="last-second"),
        pytest.param(shanghai(2026, 3, 24, 0, 0), "overdue", -1, id="a-day-late"),
        pytest.param(shanghai(2026, 3, 28, 12), "overdue", -4, id="a-week-late"),
    ],
)
def test_deadline_state_goes_from_normal_to_warning_to_overdue(
    org: Org, make_case: MakeCase, now: datetime, state: str, remaining: int
) -> None:
    case = fresh(accepted_at(org, make_case, MONDAY))  # handle_due Mon Mar 23
    assert case.warn_at == shanghai(2026, 3, 19, 0, 0)
    assert deadline_state(case, now) == state
    assert remaining_workdays(case, now) == remaining


def test_a_dispatched_case_is_measured_against_the_units_due_date(
    org: Org, make_case: MakeCase
) -> None:
    case = fresh(advance(make_case(), Status.DISPATCHED, org, MONDAY))  # unit due Mar 11
    assert deadline_state(case, shanghai(2026, 3, 6, 10)) == "normal"
    assert deadline_state(case, shanghai(2026, 3, 9, 10)) == "warning"
    assert deadline_state(case, shanghai(2026, 3, 12, 10)) == "overdue"
    assert remaining_workdays(case, shanghai(2026, 3, 12, 10)) == -1


def test_a_closed_case_has_no_running_deadline(org: Org, make_case: MakeCase) -> None:
    case = fresh(advance(make_case(), Status.CLOSED, org, MONDAY))
    assert (case.current_due, case.warn_at) == (None, None)
    assert deadline_state(case, shanghai(2027, 1, 4)) == "normal"
    assert remaining_workdays(case, shanghai(2027, 1, 4)) is None


# --- deadlines in a year the calendar does not know yet ----------------------------------------


def _2027_is_not_known_yet() -> None:
    require_2027_unknown()


def test_a_deadline_reaching_into_2027_is_provisional(org: Org, make_case: MakeCase) -> None:
    _2027_is_not_known_yet()
    # Dec 29, 30, 31; Jan 1 is a fixed holiday; Jan 4–8, 11–15, 18, 19: the 15th working day.
    case = fresh(accepted_at(org, make_case, shanghai(2026, 12, 28, 10)))
    assert case.handle_due == end_of(2027, 1, 19)
    assert case.deadline_provisional is True


def test_a_deadline_within_2026_is_not_provisional(org: Org, make_case: MakeCase) -> None:
    case = fresh(accepted_at(org, make_case, shanghai(2026, 12, 1, 10)))
    assert case.handle_due == end_of(2026, 12, 22)
    assert case.deadline_provisional is False


@pytest.mark.parametrize(
    ("receipt", "due", "provisional"),
    [
        pytest.param(date(2026, 12, 30), date(2026, 12, 31), False, id="due-on-new-years-eve"),
        pytest.param(date(2026, 12, 31), date(2027, 1, 4), True, id="due-in-january-2027"),
    ],
)
def test_an_accept_due_in_2027_is_provisional(
    make_case: MakeCase, receipt: date, due: date, provisional: bool
) -> None:
    _2027_is_not_known_yet()
    case = fresh(received(make_case, shanghai(receipt.year, receipt.month, receipt.day, 10)))
    assert case.accept_due == end_of(due.year, due.month, due.day)
    assert case.deadline_provisional is provisional


def test_once_2027_is_published_its_deadlines_are_firm_and_its_overrides_count(
    org: Org, make_case: MakeCase
) -> None:
    PublishedYear.objects.create(year=2027, note="国务院办公厅通知")
    CalendarOverride.objects.create(day=date(2027, 1, 4), is_workday=False, note="假设调休")
    calendar.invalidate_calendar()
    case = fresh(accepted_at(org, make_case, shanghai(2026, 12, 28, 10)))
    assert case.handle_due == end_of(2027, 1, 20)
    assert case.deadline_provisional is False


# --- which policy applies ---------------------------------------------------------------------


def _food_and_property_cases(org: Org, make_case: MakeCase) -> tuple[Case, Case]:
    food = accepted_at(org, make_case, MONDAY, category="food")
    housing = accepted_at(org, make_case, MONDAY, category="property")
    return fresh(food), fresh(housing)


def test_a_category_policy_beats_the_policy_for_the_kind(org: Org, make_case: MakeCase) -> None:
    assert DeadlinePolicy.objects.filter(kind="complaint").update(handle_days=20) == 1
    DeadlinePolicy.objects.create(
        name="住房类从快", category=Category.objects.get(code="housing"), handle_days=5, unit_days=3
    )
    invalidate_policies()
    food, housing = _food_and_property_cases(org, make_case)
    assert food.handle_due == end_of(2026, 3, 30)  # the edited kind policy: 20 working days
    assert housing.handle_due == end_of(2026, 3, 9)  # the parent category's policy: 5
    wf.dispatch(housing, actor=org["clerk"], now=MONDAY, unit="unit-a")
    assert fresh(housing).unit_due == end_of(2026, 3, 5)


def test_the_nearest_category_policy_wins(org: Org, make_case: MakeCase) -> None:
    DeadlinePolicy.objects.create(
        name="住房类", category=Category.objects.get(code="housing"), handle_days=5
    )
    DeadlinePolicy.objects.create(
        name="物业类", category=Category.objects.get(code="property"), handle_days=8
    )
    invalidate_policies()
    _food, housing = _food_and_property_cases(org, make_case)
    assert housing.handle_due == end_of(2026, 3, 12)


def test_an_inactive_policy_does_not_apply(org: Org, make_case: MakeCase) -> None:
    DeadlinePolicy.objects.create(
        name="停用", category=Category.objects.get(code="housing"), handle_days=5, is_active=False
    )
    invalidate_policies()
    _food, housing = _food_and_property_cases(org, make_case)
    assert housing.handle_due == end_of(2026, 3, 23)


def test_a_category_policy_sets_the_days_to_accept(make_case: MakeCase) -> None:
    DeadlinePolicy.objects.create(
        name="住房类", category=Category.objects.get(code="housing"), accept_days=3
    )
    invalidate_policies()
    assert fresh(received(make_case, MONDAY, category="property")).accept_due == end_of(2026, 3, 5)
    assert fresh(received(make_case, MONDAY, category="food")).accept_due == end_of(2026, 3, 3)
