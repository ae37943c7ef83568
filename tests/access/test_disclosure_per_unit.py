"""A disclosure of who complained is made to the unit holding the case, not to the case: a unit
the case is dispatched to afterwards is not told, and the unit that was told keeps what it was
told after it returned the case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.api.helpers import get, token_client
from tests.conftest import MONDAY
from tests.workbench.case_helpers import case_url, client_for
from tests.workflow.helpers import snapshot
from tousu.cases import workflow as wf
from tousu.cases.access import IdentityAccess, view_of
from tousu.cases.errors import NotAllowed
from tousu.cases.models import Assignment, Case, CaseEvent

MakeCase = Callable[..., Case]
MASKED_PHONE = "138****5678"


def at(minutes: int) -> Any:
    return MONDAY + timedelta(minutes=minutes)


def disclosed_to_b_then_returned_and_sent_to_a(case: Case, org: dict[str, Any]) -> Case:
    wf.accept(case, actor=org["clerk"], now=at(10))
    wf.dispatch(case, actor=org["clerk"], now=at(20), unit="unit-b")
    wf.sign(case, actor=org["unit_b_handler"], now=at(30))
    wf.disclose_identity(case, actor=org["deputy"], now=at(40), reason="需当面核实")
    wf.return_case(case, actor=org["unit_b_handler"], now=at(50), reason="不属本单位职责")
    wf.dispatch(case, actor=org["clerk"], now=at(60), unit="unit-a")
    wf.sign(case, actor=org["unit_a_handler"], now=at(70))
    return case


def test_the_disclosure_is_recorded_on_the_transfer_of_the_unit_holding_the_case(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=at(10))
    wf.dispatch(case, actor=org["clerk"], now=at(20), unit="unit-b")

    wf.disclose_identity(case, actor=org["deputy"], now=at(30), reason="需当面核实")

    transfers = Assignment.objects.filter(case=case).values_list("unit__code", "identity_disclosed")
    assert list(transfers) == [("unit-b", True)]
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert (event.verb, event.note, event.data) == (
        "disclose_identity",
        "需当面核实",
        {"unit": "unit-b"},
    )


def test_the_unit_the_case_goes_to_next_is_not_told_who_complained(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = disclosed_to_b_then_returned_and_sent_to_a(make_case(), org)

    assert view_of(org["unit_a_handler"], case).identity is IdentityAccess.HIDDEN
    assert (
        get(token_client(org["unit_a_handler"]), f"/cases/{case.pk}").json()["complainant"]["phone"]
        is None
    )
    html = client_for(org["unit_a_handler"]).get(case_url(case)).content.decode()
    assert "The complainant's identity is not disclosed to the handling unit" in html
    assert MASKED_PHONE not in html


def test_the_unit_that_was_told_keeps_it_after_returning_the_case(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = disclosed_to_b_then_returned_and_sent_to_a(make_case(), org)

    assert view_of(org["unit_b_handler"], case).identity is IdentityAccess.MASKED
    body = get(token_client(org["unit_b_handler"]), f"/cases/{case.pk}").json()
    assert (body["complainant"]["phone"], body["identity_disclosed"]) == (MASKED_PHONE, True)


def test_the_centre_sees_that_the_new_unit_was_not_told_and_may_tell_it(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = disclosed_to_b_then_returned_and_sent_to_a(make_case(), org)

    body = get(token_client(org["deputy"]), f"/cases/{case.pk}").json()
    assert body["identity_disclosed"] is False
    assert "disclose_identity" in body["actions"]
    html = client_for(org["deputy"]).get(case_url(case)).content.decode()
    assert "The identity is not disclosed to the handling unit." in html

    wf.disclose_identity(case, actor=org["deputy"], now=at(80), reason="需联系诉求人")

    assert view_of(org["unit_a_handler"], case).identity is IdentityAccess.MASKED
    assert list(
        Assignment.objects.filter(case=case)
        .order_by("id")
        .values_list("unit__code", "identity_disclosed")
    ) == [("unit-b", True), ("unit-a", True)]


@pytest.mark.parametrize("where", ["accepted", "self_handled"])
def test_there_is_nobody_to_disclose_to_while_the_case_is_at_the_centre(
    org: dict[str, Any], make_case: MakeCase, where: str
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=at(10))
    if where == "self_handled":
        wf.self_handle(case, actor=org["clerk"], now=at(20))
    before = snapshot(case)

    with pytest.raises(NotAllowed):
        wf.disclose_identity(case, actor=org["deputy"], now=at(30), reason="需核实")

    assert snapshot(case) == before
    assert "disclose_identity" not in wf.available_verbs(org["deputy"], case, at(30))
