"""Who may apply each verb: every allowed role succeeds, every other named user is refused with
Forbidden and nothing changes; a verb in the wrong state is NotAllowed, whoever asks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import (
    ALL_USERS,
    act,
    advance,
    fresh,
    snapshot,
    to_pending_decision,
)
from tousu.cases import workflow as wf
from tousu.cases.deadlines import invalidate_policies
from tousu.cases.errors import Forbidden, NotAllowed
from tousu.cases.models import Case, CaseEvent, DeadlinePolicy, Status
from tousu.orgs.staff import system_user

SETUP = MONDAY
NOW = MONDAY + timedelta(hours=2)

INTAKE = frozenset({"clerk", "intake_only", "dispatcher", "deputy", "director", "admin"})
DISPATCHERS = frozenset({"clerk", "dispatcher", "deputy", "director", "admin"})
LEADERS = frozenset({"deputy", "director"})
DIRECTOR = frozenset({"director"})
UNIT_A = frozenset({"unit_a_handler", "unit_a_leader"})
CENTRE_HANDLERS = frozenset({"clerk", "intake_only", "dispatcher", "deputy", "director"})
CALLBACK = frozenset(
    {"clerk", "intake_only", "dispatcher", "supervisor", "deputy", "director", "admin"}
)
REOPEN = frozenset({"deputy", "director", "supervisor"})
SUPERVISION = frozenset({"supervisor", "deputy", "director"})
RECHECK = frozenset({"clerk", "intake_only", "supervisor", "deputy", "director"})
NOBODY: frozenset[str] = frozenset()  # the system's alone (tests/workflow/test_system_actor.py)

Org = dict[str, Any]
MakeCase = Callable[..., Case]
Prepared = tuple[Case, dict[str, Any]]


# --- how to bring a case to where each verb is allowed -----------------------------------------


def registered(org: Org, make_case: MakeCase) -> Prepared:
    return make_case(now=SETUP), {}


def accepted(org: Org, make_case: MakeCase) -> Prepared:
    return advance(make_case(now=SETUP), Status.ACCEPTED, org, SETUP), {}


def dispatched(org: Org, make_case: MakeCase) -> Prepared:
    return advance(make_case(now=SETUP), Status.DISPATCHED, org, SETUP), {}


def handling(org: Org, make_case: MakeCase) -> Prepared:
    return advance(make_case(now=SETUP), Status.HANDLING, org, SETUP), {}


def self_handling(org: Org, make_case: MakeCase) -> Prepared:
    case = advance(make_case(now=SETUP), Status.ACCEPTED, org, SETUP)
    wf.self_handle(case, actor=org["clerk"], now=SETUP)
    return case, {}


def extension_pending(org: Org, make_case: MakeCase) -> Prepared:
    case, _ = handling(org, make_case)
    wf.request_extension(
        case, actor=org["unit_a_handler"], now=SETUP, days=3, reason="需要协调多个部门"
    )
    return case, {}


def pending_general(org: Org, make_case: MakeCase) -> Prepared:
    DeadlinePolicy.objects.create(
        name="一般投诉转办须签批", kind="complaint", severity="general", dispatch_needs_signoff=True
    )
    invalidate_policies()
    return advance(make_case(now=SETUP), Status.PENDING_APPROVAL, org, SETUP), {}


def pending_important(org: Org, make_case: MakeCase) -> Prepared:
    case = make_case(now=SETUP, severity="important")
    return advance(case, Status.PENDING_APPROVAL, org, SETUP), {}


def result_submitted(org: Org, make_case: MakeCase) -> Prepared:
    return advance(make_case(now=SETUP), Status.RESULT_SUBMITTED, org, SETUP), {}


def important_result_submitted(org: Org, make_case: MakeCase) -> Prepared:
    case = make_case(now=SETUP, severity="important")
    return advance(case, Status.RESULT_SUBMITTED, org, SETUP), {}


def reviewed(org: Org, make_case: MakeCase) -> Prepared:
    return advance(make_case(now=SETUP), Status.REVIEWED, org, SETUP), {}


def replied(org: Org, make_case: MakeCase) -> Prepared:
    return advance(make_case(now=SETUP), Status.REPLIED, org, SETUP), {}


def pending_decision(org: Org, make_case: MakeCase) -> Prepared:
    return to_pending_decision(make_case(now=SETUP), org, SETUP), {}


def closed(org: Org, make_case: MakeCase) -> Prepared:
    return advance(make_case(now=SETUP), Status.CLOSED, org, SETUP), {}


def drawn_for_recheck(org: Org, make_case: MakeCase) -> Prepared:
    case, _ = closed(org, make_case)
    wf.draw_for_recheck(case, actor=system_user(), now=SETUP)
    return case, {}


def archived(org: Org, make_case: MakeCase) -> Prepared:
    return advance(make_case(now=SETUP), Status.ARCHIVED, org, SETUP), {}


def suspended(org: Org, make_case: MakeCase) -> Prepared:
    case, _ = handling(org, make_case)
    wf.suspend(case, actor=org["deputy"], now=SETUP, reason="等待司法鉴定")
    return case, {}


def escalated(org: Org, make_case: MakeCase) -> Prepared:
    case, _ = handling(org, make_case)
    wf.escalate(case, actor=org["supervisor"], now=SETUP, note="逾期未办结")
    return case, {}


def registered_with_a_target(org: Org, make_case: MakeCase) -> Prepared:
    target = make_case(now=SETUP, title="同一小区电梯故障(首次来电)")
    return make_case(now=SETUP), {"into": target.pk}


@dataclass(frozen=True)
class Scenario:
    name: str
    verb: str
    prepare: Callable[[Org, MakeCase], Prepared]
    allowed: frozenset[str]
    leads_to: str


SCENARIOS = (
    Scenario("accept", "accept", registered, INTAKE, Status.ACCEPTED),
    Scenario("reject", "reject", registered, INTAKE, Status.NOT_ACCEPTED),
    Scenario("refer", "refer", registered, INTAKE, Status.REFERRED),
    Scenario("refer an accepted case", "refer", accepted, INTAKE, Status.REFERRED),
    Scenario("dispatch", "dispatch", accepted, DISPATCHERS, Status.DISPATCHED),
    Scenario("self_handle", "self_handle", accepted, DISPATCHERS, Status.HANDLING),
    Scenario("approve a general case", "approve", pending_general, LEADERS, Status.DISPATCHED),
    Scenario(
        "approve an important case", "approve", pending_important, DIRECTOR, Status.DISPATCHED
    ),
    Scenario("sign", "sign", dispatched, UNIT_A, Status.HANDLING),
    Scenario("return before signing", "return", dispatched, UNIT_A, Status.ACCEPTED),
    Scenario("return while handling", "return", handling, UNIT_A, Status.ACCEPTED),
    Scenario("request_extension", "request_extension", handling, UNIT_A, Status.HANDLING),
    Scenario("decide_extension", "decide_extension", extension_pending, LEADERS, Status.HANDLING),
    Scenario("submit_result", "submit_result", handling, UNIT_A, Status.RESULT_SUBMITTED),
    Scenario(
        "submit_result of a self-handled case",
        "submit_result",
        self_handling,
        CENTRE_HANDLERS,
        Status.RESULT_SUBMITTED,
    ),
    Scenario("review a general case", "review", result_submitted, INTAKE, Status.REVIEWED),
    Scenario(
        "review an important case",
        "review",
        important_result_submitted,
        DIRECTOR,
        Status.REVIEWED,
    ),
    Scenario("reply", "reply", reviewed, INTAKE, Status.REPLIED),
    Scenario("callback", "callback", replied, CALLBACK, Status.CLOSED),
    Scenario("decide", "decide", pending_decision, LEADERS, Status.CLOSED),
    Scenario("archive", "archive", closed, INTAKE, Status.ARCHIVED),
    Scenario("suspend", "suspend", handling, LEADERS, Status.SUSPENDED),
    Scenario("resume", "resume", suspended, LEADERS, Status.HANDLING),
    Scenario("merge", "merge", registered_with_a_target, INTAKE, Status.MERGED),
    Scenario("reopen", "reopen", archived, REOPEN, Status.ACCEPTED),
    Scenario("withdraw", "withdraw", handling, INTAKE, Status.WITHDRAWN),
    Scenario("disclose_identity", "disclose_identity", handling, LEADERS, Status.HANDLING),
    Scenario("warn", "warn", handling, NOBODY, Status.HANDLING),
    Scenario("remind", "remind", handling, SUPERVISION, Status.HANDLING),
    Scenario("escalate", "escalate", handling, SUPERVISION, Status.HANDLING),
    Scenario("answer_escalation", "answer_escalation", escalated, UNIT_A, Status.HANDLING),
    Scenario("draw_for_recheck", "draw_for_recheck", closed, NOBODY, Status.CLOSED),
    Scenario("recheck", "recheck", drawn_for_recheck, RECHECK, Status.CLOSED),
)


def test_every_verb_of_the_transition_table_has_a_rights_scenario() -> None:
    assert {s.verb for s in SCENARIOS} == set(wf.TRANSITIONS)


def test_the_rights_tests_cover_every_user_the_fixture_creates(org: Org) -> None:
    assert set(ALL_USERS) == set(org["users"])


@pytest.mark.parametrize("username", ALL_USERS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_each_verb_is_applied_by_the_allowed_roles_and_refused_to_everyone_else(
    org: Org, make_case: MakeCase, scenario: Scenario, username: str
) -> None:
    case, body = scenario.prepare(org, make_case)
    user = org["users"][username]
    offered = scenario.verb in wf.available_verbs(user, case, NOW)

    if username in scenario.allowed:
        assert offered is True
        version = case.version
        act(scenario.verb, case, user, NOW, **body)
        stored = fresh(case)
        assert stored.status == scenario.leads_to
        assert stored.version == version + 1
        last = CaseEvent.objects.filter(case=case).latest("id")
        assert (last.verb, last.actor_id) == (scenario.verb, user.pk)
    else:
        assert offered is False
        before = snapshot(case)
        with pytest.raises(Forbidden):
            act(scenario.verb, case, user, NOW, **body)
        assert snapshot(case) == before


@pytest.mark.parametrize(
    "status", [Status.DISPATCHED, Status.HANDLING, Status.RESULT_SUBMITTED, Status.REPLIED]
)
def test_unit_b_staff_can_never_act_on_a_case_held_by_unit_a(
    org: Org, make_case: MakeCase, status: str
) -> None:
    case = advance(make_case(now=SETUP), status, org, SETUP, unit="unit-a")
    for username in ("unit_b_handler", "unit_b_leader"):
        user = org[username]
        assert wf.available_verbs(user, case, NOW) == []
        for verb in wf.TRANSITIONS:
            if case.status not in wf.TRANSITIONS[verb].sources:
                continue
            before = snapshot(case)
            with pytest.raises(Forbidden):
                act(verb, case, user, NOW)
            assert snapshot(case) == before


def test_a_unit_handler_is_offered_exactly_the_unit_verbs_while_handling(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(now=SETUP), Status.HANDLING, org, SETUP)
    assert wf.available_verbs(org["unit_a_handler"], case, NOW) == [
        "return",
        "request_extension",
        "submit_result",
    ]


# --- the wrong state: NotAllowed, carrying the current status -----------------------------------

# For each verb: how to reach a status the verb does not accept, and someone who could apply the
# verb in the right status (so that the refusal is about the state, not the person).
WRONG_STATE: dict[str, tuple[Callable[[Org, MakeCase], Prepared], str]] = {
    "accept": (accepted, "clerk"),
    "reject": (accepted, "clerk"),
    "refer": (handling, "clerk"),
    "dispatch": (registered, "clerk"),
    "self_handle": (handling, "clerk"),
    "approve": (accepted, "director"),
    "sign": (handling, "unit_a_handler"),
    "return": (result_submitted, "unit_a_handler"),
    "request_extension": (dispatched, "unit_a_handler"),
    "decide_extension": (result_submitted, "director"),
    "submit_result": (dispatched, "unit_a_handler"),
    "review": (handling, "director"),
    "reply": (result_submitted, "clerk"),
    "callback": (reviewed, "clerk"),
    "decide": (replied, "director"),
    "archive": (replied, "clerk"),
    "suspend": (replied, "director"),
    "resume": (handling, "director"),
    "merge": (handling, "clerk"),
    "reopen": (handling, "director"),
    "withdraw": (closed, "clerk"),
    "disclose_identity": (archived, "director"),
    "warn": (closed, "director"),
    "remind": (closed, "supervisor"),
    "escalate": (replied, "supervisor"),
    "answer_escalation": (archived, "unit_a_handler"),
    "draw_for_recheck": (replied, "director"),
    "recheck": (replied, "supervisor"),
}


def test_every_verb_has_a_wrong_state_case() -> None:
    assert set(WRONG_STATE) == set(wf.TRANSITIONS)


@pytest.mark.parametrize("verb", list(WRONG_STATE))
def test_a_verb_in_the_wrong_state_is_not_allowed_and_names_the_current_status(
    org: Org, make_case: MakeCase, verb: str
) -> None:
    prepare, username = WRONG_STATE[verb]
    case, body = prepare(org, make_case)
    current = case.status
    assert current not in wf.TRANSITIONS[verb].sources
    before = snapshot(case)
    with pytest.raises(NotAllowed) as refused:
        act(verb, case, org[username], NOW, **body)
    assert type(refused.value) is NotAllowed
    assert refused.value.status == current
    assert snapshot(case) == before


@pytest.mark.parametrize("verb", sorted(set(wf.TRANSITIONS) - {"reopen"}))
def test_an_archived_case_accepts_no_verb_but_reopen(
    org: Org, make_case: MakeCase, verb: str
) -> None:
    case, _ = archived(org, make_case)
    before = snapshot(case)
    with pytest.raises(NotAllowed) as refused:
        act(verb, case, org["director"], NOW)
    assert refused.value.status == Status.ARCHIVED
    assert snapshot(case) == before


def test_the_state_is_checked_before_the_person(org: Org, make_case: MakeCase) -> None:
    # `nobody` may do nothing, but an accept on an accepted case is a 409, not a 403.
    case, _ = accepted(org, make_case)
    with pytest.raises(NotAllowed) as refused:
        wf.accept(case, actor=org["nobody"], now=NOW)
    assert refused.value.status == Status.ACCEPTED
