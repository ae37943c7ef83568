"""When the administrator publishes a year or corrects a day, the open cases whose deadlines
reach it are replayed on the calendar as it is now: their deadlines become what the workflow
would have computed had it known the calendar, each change recorded as an event, the status
untouched. The admin does it on save; `tousu recompute-deadlines` does it on demand.

Hand counts: 2026-12-17 (Thu) + 15 working days on the 2027 fallback is Fri Jan 8 2027 (Jan 1
off); with Mon Jan 4 declared a day off as well it is Mon Jan 11. MONDAY (2026-03-02) + 7 working
days is Wed Mar 11, + 15 is Mon Mar 23; with Tue Mar 10 closed they are Thu Mar 12 and Tue Mar 24.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.http import HttpRequest
from django.test import RequestFactory

from tests.conftest import MONDAY
from tests.unknown_year import require_2027_unknown
from tests.workflow.helpers import advance, end_of, fresh, shanghai, verbs_of
from tousu import cli
from tousu.calendar.models import CalendarOverride, PublishedYear
from tousu.cases import workflow as wf
from tousu.cases.deadlines import invalidate_policies
from tousu.cases.models import Assignment, Case, CaseEvent, DeadlinePolicy, Status
from tousu.cases.recompute import recompute, replay

Org = dict[str, Any]
MakeCase = Callable[..., Case]
DECEMBER_17 = shanghai(2026, 12, 17)
NOW = shanghai(2026, 11, 20)  # when the administrator enters the State Council's notice


@pytest.fixture(autouse=True)
def _2027_is_not_known_yet() -> None:
    require_2027_unknown()


@pytest.fixture
def admin_request(org: Org) -> HttpRequest:
    request = RequestFactory().post("/admin/")
    request.user = org["admin"]
    return request


def accepted_on_december_17(org: Org, make_case: MakeCase) -> Case:
    case = make_case(now=DECEMBER_17, received_at=DECEMBER_17)
    wf.accept(case, actor=org["clerk"], now=DECEMBER_17)
    assert (case.handle_due, case.deadline_provisional) == (end_of(2027, 1, 8), True)
    return case


def publish_2027_with_january_4_off() -> None:
    CalendarOverride.objects.create(day=date(2027, 1, 4), is_workday=False, note="假设调休")
    PublishedYear.objects.create(year=2027, note="国办发明电〔2026〕")


def test_publishing_2027_moves_a_provisional_deadline_and_records_old_and_new(
    org: Org, make_case: MakeCase
) -> None:
    case = accepted_on_december_17(org, make_case)
    publish_2027_with_january_4_off()

    outcome = recompute(date(2027, 1, 1), actor=None, now=NOW)

    assert (outcome.examined, outcome.changed, outcome.conflicts) == (1, [case.pk], [])
    stored = fresh(case)
    assert (stored.status, stored.version) == (Status.ACCEPTED, case.version + 1)
    assert (stored.handle_due, stored.current_due) == (end_of(2027, 1, 11), end_of(2027, 1, 11))
    assert (stored.warn_at, stored.deadline_provisional) == (shanghai(2027, 1, 7, 0), False)
    assert stored.accept_due == end_of(2026, 12, 18)  # before 2027: as it was
    event = CaseEvent.objects.get(case=case, verb="recompute_deadlines")
    assert (event.actor, event.at, event.from_status, event.to_status) == (
        None,
        NOW,
        Status.ACCEPTED,
        Status.ACCEPTED,
    )
    assert event.data == {
        "since": "2027-01-01",
        "old": {
            "handle_due": "2027-01-08T15:59:59+00:00",
            "current_due": "2027-01-08T15:59:59+00:00",
            "warn_at": "2027-01-05T16:00:00+00:00",
            "deadline_provisional": True,
        },
        "new": {
            "handle_due": "2027-01-11T15:59:59+00:00",
            "current_due": "2027-01-11T15:59:59+00:00",
            "warn_at": "2027-01-06T16:00:00+00:00",
            "deadline_provisional": False,
        },
    }


def test_a_second_run_finds_nothing_more_to_change(org: Org, make_case: MakeCase) -> None:
    case = accepted_on_december_17(org, make_case)
    publish_2027_with_january_4_off()
    recompute(date(2027, 1, 1), actor=None, now=NOW)
    again = recompute(date(2027, 1, 1), actor=None, now=NOW + timedelta(hours=1))
    assert (again.examined, again.changed) == (1, [])
    assert verbs_of(case) == ["register", "accept", "recompute_deadlines"]


def test_publishing_a_year_in_the_admin_recomputes_as_the_administrator(
    org: Org, make_case: MakeCase, admin_request: HttpRequest
) -> None:
    case = accepted_on_december_17(org, make_case)
    CalendarOverride.objects.create(day=date(2027, 1, 4), is_workday=False)
    model_admin = admin.site.get_model_admin(PublishedYear)
    model_admin.save_model(admin_request, PublishedYear(year=2027), form=None, change=False)
    stored = fresh(case)
    assert (stored.handle_due, stored.deadline_provisional) == (end_of(2027, 1, 11), False)
    assert CaseEvent.objects.get(case=case, verb="recompute_deadlines").actor == org["admin"]


def test_closing_a_day_in_the_admin_moves_the_units_deadline_and_its_transfer(
    org: Org, make_case: MakeCase, admin_request: HttpRequest
) -> None:
    case = advance(make_case(), Status.DISPATCHED, org, MONDAY)
    assert (case.unit_due, case.handle_due) == (end_of(2026, 3, 11), end_of(2026, 3, 23))
    model_admin = admin.site.get_model_admin(CalendarOverride)
    closed = CalendarOverride(day=date(2026, 3, 10), is_workday=False, note="台风停工")
    model_admin.save_model(admin_request, closed, form=None, change=False)

    stored = fresh(case)
    assert (stored.status, stored.unit_due, stored.handle_due, stored.current_due) == (
        Status.DISPATCHED,
        end_of(2026, 3, 12),
        end_of(2026, 3, 24),
        end_of(2026, 3, 12),
    )
    assert Assignment.objects.get(case=case).due == end_of(2026, 3, 12)

    # Opening the day again puts everything back, recorded again.
    model_admin.delete_model(admin_request, closed)
    stored = fresh(case)
    assert (stored.unit_due, stored.handle_due) == (end_of(2026, 3, 11), end_of(2026, 3, 23))
    assert Assignment.objects.get(case=case).due == end_of(2026, 3, 11)
    assert CaseEvent.objects.filter(case=case, verb="recompute_deadlines").count() == 2


def test_a_replay_on_an_unchanged_calendar_agrees_with_the_workflow_on_every_verb(
    org: Org, make_case: MakeCase
) -> None:
    day = [MONDAY + timedelta(days=i) for i in range(40)]
    busy = advance(make_case(safety=True), Status.ACCEPTED, org, day[0])  # needs sign-off
    wf.dispatch(busy, actor=org["clerk"], now=day[0], unit="unit-a")
    wf.approve(busy, actor=org["director"], now=day[3], approve=True, note="同意")
    wf.sign(busy, actor=org["unit_a_handler"], now=day[4])
    wf.request_extension(busy, actor=org["unit_a_handler"], now=day[7], days=3, reason="勘查")
    wf.decide_extension(busy, actor=org["deputy"], now=day[8], approve=True)
    wf.suspend(busy, actor=org["deputy"], now=day[9], reason="等待鉴定")
    wf.resume(busy, actor=org["deputy"], now=day[15])
    wf.submit_result(busy, actor=org["unit_a_handler"], now=day[16], result="已处理")
    wf.review(busy, actor=org["director"], now=day[17], approve=False, note="不完整")
    advance(busy, Status.REPLIED, org, day[18])
    wf.callback(busy, actor=org["clerk"], now=day[21], satisfaction="dissatisfied")

    chosen = advance(make_case(title="选定日期"), Status.ACCEPTED, org, day[0])
    wf.dispatch(chosen, actor=org["clerk"], now=day[1], unit="unit-b", due=date(2026, 3, 20))
    returned = advance(make_case(title="退单"), Status.HANDLING, org, day[0])
    wf.return_case(returned, actor=org["unit_a_handler"], now=day[2], reason="非本单位职责")
    centre = advance(make_case(title="自办"), Status.ACCEPTED, org, day[1])
    wf.self_handle(centre, actor=org["clerk"], now=day[2])
    reopened = advance(make_case(title="重新受理"), Status.CLOSED, org, day[0])
    wf.reopen(reopened, actor=org["deputy"], now=day[5], reason="新证据")
    waiting = make_case(title="待受理", now=day[6])

    outcome = recompute(date(2026, 1, 1), actor=None, now=day[22])

    assert outcome.examined == 6
    assert outcome.changed == []
    assert CaseEvent.objects.filter(verb="recompute_deadlines").count() == 0
    for case in (busy, chosen, returned, centre, reopened, waiting):
        events = list(CaseEvent.objects.filter(case=case).order_by("id"))
        stored = fresh(case)
        assert replay(stored, events) == {
            "accept_due": stored.accept_due,
            "handle_due": stored.handle_due,
            "unit_due": stored.unit_due,
            "callback_due": stored.callback_due,
        }, case.title


def test_closed_cases_and_deadlines_before_the_changed_day_are_not_examined(
    org: Org, make_case: MakeCase
) -> None:
    closed = advance(make_case(title="已办结"), Status.CLOSED, org, MONDAY)
    early = advance(make_case(title="三月"), Status.HANDLING, org, MONDAY)
    late = accepted_on_december_17(org, make_case)
    publish_2027_with_january_4_off()
    outcome = recompute(date(2027, 1, 1), actor=None, now=NOW)
    assert (outcome.examined, outcome.changed) == (1, [late.pk])
    assert "recompute_deadlines" not in verbs_of(closed) + verbs_of(early)


def test_an_old_dispatch_that_does_not_say_who_chose_its_date_keeps_it(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    events = list(CaseEvent.objects.filter(case=case).order_by("id"))
    old = CaseEvent(
        case=case,
        verb="dispatch",
        at=MONDAY,
        to_status=Status.DISPATCHED,
        data={"unit": "unit-a", "due": end_of(2026, 3, 13).isoformat(), "needs_signoff": False},
    )
    assert replay(case, [*events, old])["unit_due"] == end_of(2026, 3, 13)
    new = CaseEvent(
        case=case,
        verb="dispatch",
        at=MONDAY,
        to_status=Status.DISPATCHED,
        data=old.data | {"due_chosen": False, "unit_days": 7},
    )
    assert replay(case, [*events, new])["unit_due"] == end_of(2026, 3, 11)


def test_a_replay_counts_the_acceptance_period_the_case_was_registered_with(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()  # Monday: to be accepted within 1 working day
    assert CaseEvent.objects.get(case=case, verb="register").data["accept_days"] == 1
    DeadlinePolicy.objects.create(name="受理从宽", kind="complaint", accept_days=3)
    invalidate_policies()  # as the admin does on saving a policy
    events = list(CaseEvent.objects.filter(case=case).order_by("id"))
    assert replay(case, events)["accept_due"] == end_of(2026, 3, 3)  # not Thursday's, the new one


def test_the_command_recomputes_a_year_and_says_what_it_did(org: Org, make_case: MakeCase) -> None:
    case = accepted_on_december_17(org, make_case)
    publish_2027_with_january_4_off()
    out = io.StringIO()
    call_command("recompute_deadlines", "--year", "2027", stdout=out)
    assert out.getvalue() == (
        "Examined 1 open cases with a deadline on or after 2027-01-01: 1 changed.\n"
    )
    assert fresh(case).handle_due == end_of(2027, 1, 11)
    assert CaseEvent.objects.get(case=case, verb="recompute_deadlines").actor is None


def test_the_tousu_command_passes_the_year_to_the_management_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(cli, "_setup", lambda: None)
    monkeypatch.setattr(cli, "_manage", lambda *args: calls.append(args))
    cli.main(["recompute-deadlines", "--year", "2027"])
    cli.main(["recompute-deadlines"])
    assert calls == [("recompute_deadlines", "--year", "2027"), ("recompute_deadlines",)]
