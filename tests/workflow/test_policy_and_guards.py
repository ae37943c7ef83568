"""Policies that apply across kinds, delegations bound to their centre, what a UI is offered,
far-future due dates and number collisions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import MONDAY
from tests.workflow.helpers import advance
from tousu.cases import workflow as wf
from tousu.cases.deadlines import invalidate_policies
from tousu.cases.errors import Forbidden, InvalidInput
from tousu.cases.models import Case, CaseSequence, DeadlinePolicy, Status
from tousu.orgs.models import Delegation, Membership, Role, Unit, UnitKind


def test_one_catch_all_policy_makes_every_transfer_wait_for_sign_off(
    org: dict[str, Any], make_case: Any
) -> None:
    DeadlinePolicy.objects.create(name="所有转办报副主任签批", dispatch_needs_signoff=True)
    invalidate_policies()
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)

    wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a")

    assert Case.objects.get(pk=case.pk).status == Status.PENDING_APPROVAL


def test_the_catch_all_policy_does_not_change_the_periods_of_the_kind_policy(
    org: dict[str, Any], make_case: Any
) -> None:
    DeadlinePolicy.objects.create(name="兜底", handle_days=30, dispatch_needs_signoff=True)
    invalidate_policies()
    case = make_case(kind="consultation")

    wf.accept(case, actor=org["clerk"], now=MONDAY)

    # consultation: 2 working days after Monday 2 March 2026 → Wednesday 4 March, 23:59:59 local
    assert timezone.localtime(case.handle_due).isoformat() == "2026-03-04T23:59:59+08:00"


def test_a_delegation_from_the_director_of_another_centre_does_not_let_the_deputy_sign(
    org: dict[str, Any], make_case: Any
) -> None:
    other = Unit.objects.create(code="other-centre", name="外市热线中心", kind=UnitKind.CENTRE)
    Membership.objects.create(user=org["unit_b_leader"], unit=other, role=Role.DIRECTOR)
    Delegation.objects.create(
        grantor=org["unit_b_leader"], grantee=org["deputy"], starts_at=MONDAY - timedelta(days=1)
    )
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    version = Case.objects.get(pk=case.pk).version

    with pytest.raises(Forbidden):
        wf.approve(case, actor=org["deputy"], now=MONDAY, approve=True)

    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.version) == (Status.PENDING_APPROVAL, version)


def test_a_ui_is_offered_the_extension_decision_only_while_a_request_waits(
    org: dict[str, Any], make_case: Any
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    assert "decide_extension" not in wf.available_verbs(org["deputy"], case, MONDAY)
    assert "request_extension" in wf.available_verbs(org["unit_a_handler"], case, MONDAY)

    wf.request_extension(case, actor=org["unit_a_handler"], now=MONDAY, days=3, reason="需现场勘查")

    assert "decide_extension" in wf.available_verbs(org["deputy"], case, MONDAY)
    assert "request_extension" not in wf.available_verbs(org["unit_a_handler"], case, MONDAY)


def test_disclosure_is_not_offered_twice(org: dict[str, Any], make_case: Any) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.disclose_identity(case, actor=org["deputy"], now=MONDAY, reason="需当面核实")

    assert "disclose_identity" not in wf.available_verbs(org["deputy"], case, MONDAY)


def test_a_due_date_more_than_a_year_ahead_is_refused_naming_due(
    org: dict[str, Any], make_case: Any
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)

    with pytest.raises(InvalidInput) as refused:
        wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit="unit-a", due=date(2027, 3, 10))

    assert list(refused.value.fields) == ["due"]
    assert Case.objects.get(pk=case.pk).status == Status.ACCEPTED


def test_registration_skips_a_number_that_is_already_taken(
    org: dict[str, Any], make_case: Any, settings: Any
) -> None:
    settings.TOUSU_CASE_NUMBER_PATTERN = "{yy}{seq:02d}"  # a yearly sequence
    first = make_case()
    # The administrator changes the pattern: a sequence that never restarts, whose first
    # number is the one the first case already has.
    settings.TOUSU_CASE_NUMBER_PATTERN = "26{seq:02d}"

    second = make_case()

    assert (first.number, second.number) == ("2601", "2602")
    assert CaseSequence.objects.get(period="all").last == 2


@pytest.mark.parametrize(
    ("field", "limit"),
    [("legal_representative", 100), ("responsible_person", 100), ("phone", 40), ("address", 300)],
)
def test_respondent_fields_longer_than_their_columns_are_refused_naming_the_field(
    org: dict[str, Any], make_case: Any, field: str, limit: int
) -> None:
    from tousu.cases.registration import NewRespondent

    with pytest.raises(InvalidInput) as refused:
        make_case(respondent=NewRespondent(name="幸福物业", **{field: "甲" * (limit + 1)}))

    assert list(refused.value.fields) == [f"respondent.{field}"]
    assert Case.objects.count() == 0
