"""Why a case is important can say who complained: "the complainant is a deputy to the NPC".
The centre reads every criterion; a unit reads those about the complainant only once the identity
is disclosed to it — in the API and on the case page alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from tests.api.helpers import get, token_client
from tests.conftest import MONDAY
from tests.workbench.case_helpers import case_url, client_for
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.cases.registration import NewComplainant, NewRespondent

MakeCase = Callable[..., Case]
# The case page in English (tests.workbench.case_helpers.client_for), as the msgids read.
DEPUTY = "complainant is an NPC deputy"
OFFICIAL = "complaint about a section-level (or higher) official"


def _deputys_complaint_about_an_official_at_unit_a(
    org: dict[str, Any], make_case: MakeCase
) -> Case:
    case = make_case(
        complainants=[
            NewComplainant(name="王五", phone="13912345678", special_identity="npc_deputy")
        ],
        respondent=NewRespondent(type="person", name="李科长", official_rank="section"),
    )
    wf.accept(case, actor=org["clerk"], now=MONDAY + timedelta(minutes=10))
    wf.dispatch(case, actor=org["clerk"], now=MONDAY + timedelta(minutes=20), unit="unit-a")
    wf.approve(case, actor=org["director"], now=MONDAY + timedelta(minutes=30), approve=True)
    return case


def _reasons_in_the_api(user: Any, case: Case) -> list[str]:
    response = get(token_client(user), f"/cases/{case.pk}")
    assert response.status_code == 200
    return list(response.json()["severity_reasons"])


def _page(user: Any, case: Case) -> str:
    response = client_for(user).get(case_url(case))
    assert response.status_code == 200
    return response.content.decode()


def test_the_centre_reads_every_criterion(org: dict[str, Any], make_case: MakeCase) -> None:
    case = _deputys_complaint_about_an_official_at_unit_a(org, make_case)

    assert _reasons_in_the_api(org["clerk"], case) == ["section_official", "npc_deputy"]
    page = _page(org["clerk"], case)
    assert DEPUTY in page and OFFICIAL in page


def test_the_unit_does_not_learn_that_a_deputy_complained(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = _deputys_complaint_about_an_official_at_unit_a(org, make_case)

    assert _reasons_in_the_api(org["unit_a_handler"], case) == ["section_official"]
    page = _page(org["unit_a_handler"], case)
    assert OFFICIAL in page
    assert DEPUTY not in page


def test_once_the_identity_is_disclosed_to_the_unit_it_reads_every_criterion(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = _deputys_complaint_about_an_official_at_unit_a(org, make_case)
    wf.sign(case, actor=org["unit_a_handler"], now=MONDAY + timedelta(minutes=40))
    wf.disclose_identity(
        case, actor=org["director"], now=MONDAY + timedelta(minutes=50), reason="需当面核实"
    )

    assert _reasons_in_the_api(org["unit_a_handler"], case) == ["section_official", "npc_deputy"]
    assert DEPUTY in _page(org["unit_a_handler"], case)
