"""What the case page offers (`service.offered`; on the page from what it loaded, without a
query) is exactly what a download gives: every letter offered downloads, every other one is
refused (403 or 409) — at each stage of a case, for the centre and for the unit."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.conftest import MONDAY
from tests.workbench.case_helpers import case_url, client_for
from tests.workflow.helpers import act, advance
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Status
from tousu.documents.letters import CASE_LETTERS
from tousu.documents.service import offered

from .conftest import NOW, ApiAs, MakeCase, Org, rejected, url


def _registered(org: Org, make_case: MakeCase) -> Case:
    return make_case()


def _self_handled(org: Org, make_case: MakeCase) -> Case:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    return wf.self_handle(case, actor=org["clerk"], now=NOW)


def _escalated(org: Org, make_case: MakeCase) -> Case:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    return wf.escalate(case, actor=org["supervisor"], now=NOW)


def _returned(org: Org, make_case: MakeCase) -> Case:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    return act("return", case, org["unit_a_handler"], NOW)


def _replied(org: Org, make_case: MakeCase) -> Case:
    return advance(make_case(), Status.REPLIED, org, MONDAY)


def _refused(org: Org, make_case: MakeCase) -> Case:
    return rejected(org, make_case)


STAGES: dict[str, Callable[[Org, MakeCase], Case]] = {
    "registered": _registered,
    "self handled": _self_handled,
    "escalated": _escalated,
    "returned": _returned,
    "replied": _replied,
    "not accepted": _refused,
}


@pytest.mark.parametrize("stage", list(STAGES))
@pytest.mark.parametrize("username", ["clerk", "unit_a_handler"])
def test_every_letter_offered_downloads_and_no_other(
    stage: str, username: str, org: Org, make_case: MakeCase, api_as: ApiAs
) -> None:
    case = STAGES[stage](org, make_case)
    client = api_as(username)
    answers = {name: client.get(url(case, f"{name}.docx")).status_code for name in CASE_LETTERS}
    if set(answers.values()) == {404}:  # a case the unit never received
        assert username == "unit_a_handler"
        return
    case = Case.objects.select_related("unit", "centre").get(pk=case.pk)
    names = [o.name for o in offered(org[username], case)]
    assert names == [name for name, status in answers.items() if status == 200]
    assert {status for name, status in answers.items() if name not in names} <= {403, 409}
    # The case page's box (from the transfers and events the page loaded) offers the same.
    page = client_for(org[username]).get(case_url(case)).content.decode()
    assert re.findall(r'<li id="document-([a-z_]+)">', page) == names
