"""`null` for an optional field of a JSON body is "not given" (the contract's Everywhere): many
clients send every field. A required field sent as `null` is missing: a 422 naming it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import act, advance, case_body, create, db_state, invalid, with_complainant
from tests.conftest import MONDAY
from tousu.cases.models import Case, CaseEvent, Complainant, Respondent

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def test_null_text_fields_of_the_complainant_and_respondent_are_stored_as_empty(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    complainant = with_complainant(
        id_number=None,
        address=None,
        gender=None,
        postcode=None,
        organisation=None,
        special_identity=None,
        is_representative=None,
    )
    respondent = {
        "type": None,
        "name": "幸福物业管理有限公司",
        "address": None,
        "legal_representative": None,
        "responsible_person": None,
        "phone": None,
        "official_rank": None,
    }

    response = create(
        api_as("clerk"),
        complainant=complainant,
        respondent=respondent,
        facts=None,
        demands=None,
        complainants=None,
        party_count=None,
        latitude=None,
        longitude=None,
        occurred_at=None,
        safety=None,
        difficult=None,
        centre=None,
        external_id=None,
    )

    assert response.status_code == 201, response.content
    person = Complainant.objects.get()
    assert (person.name, person.id_number, person.address, person.gender, person.postcode) == (
        "张三",
        "",
        "",
        "",
        "",
    )
    assert person.is_representative is False
    party = Respondent.objects.get()
    assert (party.type, party.address, party.phone, party.official_rank) == (
        "organisation",
        "",
        "",
        "",
    )
    case = Case.objects.get()
    assert (case.facts, case.external_id, case.special_circumstances) == ("", "", False)


def test_a_body_of_nulls_only_but_the_required_fields_registers(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    body = dict.fromkeys(case_body())
    body.update(kind="consultation", channel="phone", title="咨询", content="如何办理居住证?")
    body["complainant"] = {"anonymous": True, "name": None, "phone": None}

    response = create(api_as("clerk"), **body)

    assert response.status_code == 201, response.content
    assert response.json()["complainant"]["anonymous"] is True
    assert Case.objects.get().anonymous is True


def test_a_required_field_sent_as_null_is_missing_and_nothing_is_written(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    before = db_state()

    response = create(api_as("clerk"), title=None, kind=None)

    invalid(response, "title", "kind")
    assert db_state() == before


@pytest.mark.parametrize(
    ("verb", "status", "body"),
    [
        ("accept", "registered", {"note": None, "severity": None}),
        ("dispatch", "accepted", {"unit": "unit-a", "due": None, "note": None}),
        ("approve", "pending_approval", {"approve": True, "note": None}),
        ("callback", "replied", {"satisfaction": "satisfied", "note": None}),
        ("remind", "handling", {"note": None}),
        ("escalate", "handling", {"note": None, "answer_due": None}),
        ("submit_result", "handling", {"result": "已修复", "justified": None, "valid": None}),
    ],
)
def test_a_verbs_optional_note_may_be_null(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    verb: str,
    status: str,
    body: dict[str, Any],
) -> None:
    case = make_case(severity="important") if verb == "approve" else make_case()
    if verb == "approve":
        advance(case, org, "accepted")
        act(api_as("clerk"), case.pk, "dispatch", {"unit": "unit-a"})
    else:
        advance(case, org, status)
    actor = {
        "approve": "director",
        "submit_result": "unit_a_handler",
        "remind": "supervisor",
        "escalate": "supervisor",
    }.get(verb, "clerk")
    events = CaseEvent.objects.filter(case=case).count()

    response = act(api_as(actor), case.pk, verb, body)

    assert response.status_code == 200, response.content
    assert CaseEvent.objects.filter(case=case).count() == events + 1
    assert CaseEvent.objects.filter(case=case).order_by("-pk").values_list("note")[0] == ("",)


def test_a_required_reason_sent_as_null_is_refused_naming_it(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()
    before = db_state()

    response = act(api_as("clerk"), case.pk, "reject", {"reason": None})

    invalid(response, "reason")
    assert db_state() == before
