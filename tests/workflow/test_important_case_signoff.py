"""重要投诉件 (第十七条) and the leader's sign-off 签批 (第十八条).

The rules suggest a severity, the clerk confirms it on acceptance, and an important transfer
waits for the director — or a deputy the director authorised — before the unit can see or sign
for it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, fresh, snapshot, verbs_of
from tousu.cases import workflow as wf
from tousu.cases.access import visible_cases
from tousu.cases.deadlines import invalidate_policies
from tousu.cases.errors import Forbidden, InvalidInput, NotAllowed
from tousu.cases.models import (
    Assignment,
    AssignmentState,
    Case,
    CaseEvent,
    DeadlinePolicy,
    Severity,
    Status,
)
from tousu.cases.registration import NewComplainant, NewRespondent
from tousu.orgs.models import Delegation

Org = dict[str, Any]
MakeCase = Callable[..., Case]
LATER = MONDAY + timedelta(hours=3)


def _person(identity: str = "", name: str = "李四", representative: bool = False) -> NewComplainant:
    return NewComplainant(
        name=name,
        phone="13900001111",
        special_identity=identity,
        is_representative=representative,
    )


# --- the suggestion (第十七条) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "severity", "reasons"),
    [
        pytest.param({}, Severity.GENERAL, [], id="ordinary-case"),
        pytest.param(
            {"respondent": NewRespondent(name="王科长", official_rank="section")},
            Severity.IMPORTANT,
            ["section_official"],
            id="section-level-official",
        ),
        pytest.param(
            {"respondent": NewRespondent(name="赵局长", official_rank="county")},
            Severity.IMPORTANT,
            ["section_official"],
            id="county-level-official",
        ),
        pytest.param(
            {"respondent": NewRespondent(name="窗口工作人员", official_rank="staff")},
            Severity.GENERAL,
            [],
            id="ordinary-staff-member",
        ),
        pytest.param(
            {"complainants": [_person("npc_deputy")]},
            Severity.IMPORTANT,
            ["npc_deputy"],
            id="npc-deputy",
        ),
        pytest.param(
            {"complainants": [_person("cppcc_member")]},
            Severity.IMPORTANT,
            ["cppcc_member"],
            id="cppcc-member",
        ),
        pytest.param(
            {"complainants": [_person("foreigner", name="John Smith")]},
            Severity.IMPORTANT,
            ["foreigner"],
            id="foreigner",
        ),
        pytest.param(
            {"complainants": [_person("hmt_compatriot", name="陈大文")]},
            Severity.IMPORTANT,
            ["hmt_compatriot"],
            id="hong-kong-macao-taiwan",
        ),
        pytest.param({"party_count": 2}, Severity.GENERAL, [], id="two-parties"),
        pytest.param({"party_count": 3}, Severity.IMPORTANT, ["collective"], id="three-parties"),
        pytest.param({"safety": True}, Severity.IMPORTANT, ["safety"], id="safety-threat"),
        pytest.param({"difficult": True}, Severity.IMPORTANT, ["difficult"], id="difficult"),
        pytest.param(
            {"safety": True, "party_count": 30},
            Severity.MAJOR,
            ["safety", "collective"],
            id="safety-and-collective-is-major",
        ),
        pytest.param(
            {
                "respondent": NewRespondent(name="王科长", official_rank="section"),
                "complainants": [_person("npc_deputy"), _person("cppcc_member", name="周五")],
            },
            Severity.IMPORTANT,
            ["section_official", "cppcc_member", "npc_deputy"],
            id="several-criteria",
        ),
    ],
)
def test_registration_suggests_a_severity_from_the_important_case_criteria_with_its_reasons(
    make_case: MakeCase, overrides: dict[str, Any], severity: str, reasons: list[str]
) -> None:
    case = fresh(make_case(**overrides))
    assert (case.suggested_severity, case.severity, case.severity_reasons) == (
        severity,
        severity,
        reasons,
    )
    assert case.severity_confirmed is False
    register = CaseEvent.objects.get(case=case, verb="register")
    assert register.data["suggested_severity"] == severity
    assert register.data["severity_reasons"] == reasons


def test_three_complainants_named_on_a_case_make_it_collective(make_case: MakeCase) -> None:
    people = [_person(name=n) for n in ("甲", "乙", "丙")]
    case = fresh(make_case(complainants=people))
    assert (case.party_count, case.suggested_severity, case.severity_reasons) == (
        3,
        Severity.IMPORTANT,
        ["collective"],
    )


def test_a_collective_case_may_name_at_most_three_representatives(make_case: MakeCase) -> None:
    people = [_person(name=n, representative=True) for n in ("甲", "乙", "丙", "丁")]
    with pytest.raises(InvalidInput) as refused:
        make_case(complainants=people, party_count=40)
    assert list(refused.value.fields) == ["complainants"]
    assert Case.objects.count() == 0


def test_three_representatives_of_a_collective_case_are_accepted(make_case: MakeCase) -> None:
    people = [_person(name=n, representative=True) for n in ("甲", "乙", "丙")]
    case = fresh(make_case(complainants=people, party_count=40))
    assert case.complainants.filter(is_representative=True).count() == 3
    assert case.party_count == 40


def test_a_severity_given_at_registration_is_already_confirmed(make_case: MakeCase) -> None:
    case = fresh(make_case(severity="important"))
    assert (case.severity, case.suggested_severity, case.severity_confirmed) == (
        Severity.IMPORTANT,
        Severity.GENERAL,
        True,
    )


# --- acceptance confirms the severity ---------------------------------------------------------


def test_accepting_confirms_the_suggested_severity(org: Org, make_case: MakeCase) -> None:
    case = make_case(safety=True)
    wf.accept(case, actor=org["clerk"], now=LATER)
    stored = fresh(case)
    assert (stored.severity, stored.severity_confirmed) == (Severity.IMPORTANT, True)
    assert CaseEvent.objects.get(case=case, verb="accept").data == {
        "severity": "important",
        "handle_days": 15,
    }


def test_the_clerk_may_override_the_suggestion_on_acceptance(org: Org, make_case: MakeCase) -> None:
    case = make_case(safety=True)
    wf.accept(case, actor=org["clerk"], now=LATER, severity="general")
    stored = fresh(case)
    assert (stored.severity, stored.suggested_severity, stored.severity_confirmed) == (
        Severity.GENERAL,
        Severity.IMPORTANT,
        True,
    )
    assert CaseEvent.objects.get(case=case, verb="accept").data == {
        "severity": "general",
        "handle_days": 15,
    }


def test_the_clerk_may_raise_a_general_case_to_major_on_acceptance(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=LATER, severity="major")
    assert fresh(case).severity == Severity.MAJOR


def test_an_unknown_severity_on_acceptance_is_invalid_and_changes_nothing(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.accept(case, actor=org["clerk"], now=LATER, severity="urgent")
    assert list(refused.value.fields) == ["severity"]
    assert snapshot(case) == before


def test_an_important_case_overridden_to_general_dispatches_without_sign_off(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case(safety=True)
    wf.accept(case, actor=org["clerk"], now=LATER, severity="general")
    wf.dispatch(case, actor=org["clerk"], now=LATER, unit="unit-a")
    assert fresh(case).status == Status.DISPATCHED


# --- dispatching an important case waits for the leader ---------------------------------------


@pytest.mark.parametrize("severity", [Severity.IMPORTANT, Severity.MAJOR])
def test_dispatching_an_important_or_major_case_waits_for_sign_off(
    org: Org, make_case: MakeCase, severity: str
) -> None:
    case = advance(make_case(severity=severity), Status.ACCEPTED, org, MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=LATER, unit="unit-a")
    stored = fresh(case)
    assert stored.status == Status.PENDING_APPROVAL
    assert stored.unit_id == org["unit_a"].pk
    assignment = Assignment.objects.get(case=case)
    assert (assignment.unit_id, assignment.state) == (
        org["unit_a"].pk,
        AssignmentState.PENDING_APPROVAL,
    )
    dispatch = CaseEvent.objects.get(case=case, verb="dispatch")
    assert dispatch.data["needs_signoff"] is True
    assert dispatch.to_status == Status.PENDING_APPROVAL


def test_a_unit_can_neither_see_nor_sign_an_important_case_before_the_director_signs_off(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    for username in ("unit_a_handler", "unit_a_leader"):
        assert list(visible_cases(org[username])) == []
        assert wf.available_verbs(org[username], case, LATER) == []
    before = snapshot(case)
    with pytest.raises(NotAllowed) as refused:
        wf.sign(case, actor=org["unit_a_handler"], now=LATER)
    assert refused.value.status == Status.PENDING_APPROVAL
    assert snapshot(case) == before


def test_after_the_directors_sign_off_the_unit_sees_and_signs_the_case(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    wf.approve(case, actor=org["director"], now=LATER, approve=True, note="同意转办")
    assert fresh(case).status == Status.DISPATCHED
    assert Assignment.objects.get(case=case).state == AssignmentState.AWAITING_SIGN
    assert list(visible_cases(org["unit_a_handler"])) == [case]
    wf.sign(case, actor=org["unit_a_handler"], now=LATER + timedelta(hours=1))
    assert fresh(case).status == Status.HANDLING
    assert Assignment.objects.get(case=case).state == AssignmentState.ACTIVE
    assert verbs_of(case) == ["register", "accept", "dispatch", "approve", "sign"]


def test_a_deputy_without_delegation_may_not_sign_off_an_important_case(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(Forbidden):
        wf.approve(case, actor=org["deputy"], now=LATER, approve=True)
    assert snapshot(case) == before


def test_a_deputy_with_an_active_delegation_from_the_director_may_sign_off(
    org: Org, make_case: MakeCase
) -> None:
    Delegation.objects.create(
        grantor=org["director"],
        grantee=org["deputy"],
        starts_at=MONDAY - timedelta(days=1),
        ends_at=MONDAY + timedelta(days=7),
        note="主任出差期间",
    )
    case = advance(make_case(severity="major"), Status.PENDING_APPROVAL, org, MONDAY)
    wf.approve(case, actor=org["deputy"], now=LATER, approve=True)
    assert fresh(case).status == Status.DISPATCHED
    approve = CaseEvent.objects.get(case=case, verb="approve")
    assert approve.actor_id == org["deputy"].pk


def test_an_open_ended_delegation_counts_from_its_start(org: Org, make_case: MakeCase) -> None:
    Delegation.objects.create(grantor=org["director"], grantee=org["deputy"], starts_at=MONDAY)
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    wf.approve(case, actor=org["deputy"], now=LATER, approve=True)
    assert fresh(case).status == Status.DISPATCHED


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        pytest.param(
            MONDAY - timedelta(days=10), MONDAY - timedelta(days=3), id="expired-delegation"
        ),
        pytest.param(MONDAY + timedelta(days=1), None, id="delegation-not-yet-started"),
    ],
)
def test_a_delegation_outside_its_period_does_not_count(
    org: Org, make_case: MakeCase, starts: Any, ends: Any
) -> None:
    Delegation.objects.create(
        grantor=org["director"], grantee=org["deputy"], starts_at=starts, ends_at=ends
    )
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(Forbidden):
        wf.approve(case, actor=org["deputy"], now=LATER, approve=True)
    assert snapshot(case) == before


def test_a_delegation_from_someone_who_is_not_director_does_not_count(
    org: Org, make_case: MakeCase
) -> None:
    Delegation.objects.create(
        grantor=org["supervisor"], grantee=org["deputy"], starts_at=MONDAY - timedelta(days=1)
    )
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    with pytest.raises(Forbidden):
        wf.approve(case, actor=org["deputy"], now=LATER, approve=True)
    assert fresh(case).status == Status.PENDING_APPROVAL


def test_a_delegation_to_someone_who_is_not_a_deputy_does_not_make_them_a_signer(
    org: Org, make_case: MakeCase
) -> None:
    Delegation.objects.create(
        grantor=org["director"], grantee=org["clerk"], starts_at=MONDAY - timedelta(days=1)
    )
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    with pytest.raises(Forbidden):
        wf.approve(case, actor=org["clerk"], now=LATER, approve=True)
    assert fresh(case).status == Status.PENDING_APPROVAL


def test_a_refused_sign_off_returns_the_case_for_dispatch_with_the_transfer_rejected(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    wf.approve(case, actor=org["director"], now=LATER, approve=False, note="应转市场监管局")
    stored = fresh(case)
    assert (stored.status, stored.unit_id, stored.unit_due) == (Status.ACCEPTED, None, None)
    assignment = Assignment.objects.get(case=case)
    assert (assignment.state, assignment.closed_at) == (AssignmentState.REJECTED, LATER)
    approve = CaseEvent.objects.get(case=case, verb="approve")
    assert (approve.note, approve.data) == ("应转市场监管局", {"approve": False})
    assert list(visible_cases(org["unit_a_handler"])) == []


def test_a_refused_sign_off_needs_a_note(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.approve(case, actor=org["director"], now=LATER, approve=False, note="  ")
    assert list(refused.value.fields) == ["note"]
    assert snapshot(case) == before


def test_after_a_refused_sign_off_the_case_can_go_to_another_unit(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(severity="important"), Status.PENDING_APPROVAL, org, MONDAY)
    wf.approve(case, actor=org["director"], now=LATER, approve=False, note="应转市场监管局")
    wf.dispatch(case, actor=org["clerk"], now=LATER, unit="unit-b")
    wf.approve(case, actor=org["director"], now=LATER, approve=True)
    assert list(
        Assignment.objects.filter(case=case).order_by("id").values_list("unit__code", "state")
    ) == [("unit-a", AssignmentState.REJECTED), ("unit-b", AssignmentState.AWAITING_SIGN)]
    assert list(visible_cases(org["unit_b_handler"])) == [case]
    assert list(visible_cases(org["unit_a_handler"])) == []


# --- closing an important case needs the same sign-off ----------------------------------------


def test_reviewing_an_important_case_needs_the_director(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(severity="important"), Status.RESULT_SUBMITTED, org, MONDAY)
    for username in ("clerk", "deputy", "dispatcher", "admin"):
        before = snapshot(case)
        with pytest.raises(Forbidden):
            wf.review(case, actor=org[username], now=LATER, approve=True)
        assert snapshot(case) == before
    wf.review(case, actor=org["director"], now=LATER, approve=True)
    assert fresh(case).status == Status.REVIEWED


def test_a_delegated_deputy_may_review_an_important_case(org: Org, make_case: MakeCase) -> None:
    Delegation.objects.create(
        grantor=org["director"], grantee=org["deputy"], starts_at=MONDAY - timedelta(days=1)
    )
    case = advance(make_case(severity="important"), Status.RESULT_SUBMITTED, org, MONDAY)
    wf.review(case, actor=org["deputy"], now=LATER, approve=True)
    assert fresh(case).status == Status.REVIEWED


def test_a_general_case_is_reviewed_by_the_clerk(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.RESULT_SUBMITTED, org, MONDAY)
    wf.review(case, actor=org["clerk"], now=LATER, approve=True)
    assert fresh(case).status == Status.REVIEWED


# --- general cases, policies and self-handling ------------------------------------------------


def test_a_general_case_is_dispatched_directly_to_the_unit(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    wf.dispatch(case, actor=org["clerk"], now=LATER, unit="unit-a")
    assert fresh(case).status == Status.DISPATCHED
    assert Assignment.objects.get(case=case).state == AssignmentState.AWAITING_SIGN
    assert CaseEvent.objects.get(case=case, verb="dispatch").data["needs_signoff"] is False
    assert list(visible_cases(org["unit_a_handler"])) == [case]


def test_a_policy_can_require_sign_off_for_every_dispatch_of_general_cases(
    org: Org, make_case: MakeCase
) -> None:
    DeadlinePolicy.objects.create(
        name="投诉一律签批", kind="complaint", severity="general", dispatch_needs_signoff=True
    )
    invalidate_policies()
    complaint = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    consultation = advance(make_case(kind="consultation"), Status.ACCEPTED, org, MONDAY)
    wf.dispatch(complaint, actor=org["clerk"], now=LATER, unit="unit-a")
    wf.dispatch(consultation, actor=org["clerk"], now=LATER, unit="unit-a")
    assert fresh(complaint).status == Status.PENDING_APPROVAL
    assert fresh(consultation).status == Status.DISPATCHED
    # A general case under such a policy: any centre leader signs, no delegation needed.
    wf.approve(complaint, actor=org["deputy"], now=LATER, approve=True)
    assert fresh(complaint).status == Status.DISPATCHED


def test_self_handling_an_important_case_also_waits_for_sign_off(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(severity="important"), Status.ACCEPTED, org, MONDAY)
    wf.self_handle(case, actor=org["clerk"], now=LATER)
    assert fresh(case).status == Status.PENDING_APPROVAL
    assignment = Assignment.objects.get(case=case)
    assert (assignment.unit_id, assignment.state, assignment.self_handled) == (
        org["centre"].pk,
        AssignmentState.PENDING_APPROVAL,
        True,
    )
    # Nobody works it before the sign-off.
    with pytest.raises(NotAllowed):
        wf.submit_result(case, actor=org["clerk"], now=LATER, result="已解答")
    wf.approve(case, actor=org["director"], now=LATER, approve=True)
    assert fresh(case).status == Status.HANDLING
    assert Assignment.objects.get(case=case).state == AssignmentState.ACTIVE


def test_self_handling_a_general_case_starts_at_once(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    wf.self_handle(case, actor=org["clerk"], now=LATER)
    assert fresh(case).status == Status.HANDLING
    assert Assignment.objects.get(case=case).state == AssignmentState.ACTIVE
