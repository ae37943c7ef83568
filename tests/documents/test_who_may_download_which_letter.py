"""Who gets which letter: the centre's staff every letter of a case they see; a handling unit only
the transfer letter it received (403 for the others); a unit the case never reached, or anyone
else, does not see the case at all (404); without a token, 401. An unknown letter or format is a
404."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.workflow.helpers import act
from tousu.cases import workflow as wf

from .conftest import NOW, ApiAs, MakeCase, Org, dispatched, url

LETTERS = ["registration", "transfer", "supervision", "reply", "not_accepted"]


def test_a_unit_the_case_never_reached_gets_404(
    org: Org, make_case: MakeCase, api_as: ApiAs
) -> None:
    case = dispatched(org, make_case)
    for letter in LETTERS:
        response = api_as("unit_b_handler").get(url(case, f"{letter}.pdf"))
        assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


def test_the_unit_holding_the_case_gets_its_transfer_letter_and_no_other(
    org: Org, make_case: MakeCase, api_as: ApiAs
) -> None:
    case = dispatched(org, make_case)
    wf.escalate(case, actor=org["supervisor"], now=NOW)
    unit = api_as("unit_a_handler")
    assert unit.get(url(case, "transfer.pdf")).status_code == 200
    assert unit.get(url(case, "transfer.docx")).status_code == 200
    for letter in ("registration", "supervision", "reply", "not_accepted"):
        response = unit.get(url(case, f"{letter}.pdf"))
        assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")


def test_a_unit_that_returned_the_case_still_gets_the_letter_it_received(
    org: Org, make_case: MakeCase, api_as: ApiAs
) -> None:
    case = dispatched(org, make_case)
    act("return", case, org["unit_a_handler"], NOW)
    assert api_as("unit_a_handler").get(url(case, "transfer.pdf")).status_code == 200
    assert api_as("unit_a_leader").get(url(case, "transfer.pdf")).status_code == 200


@pytest.mark.parametrize("username", ["clerk", "dispatcher", "director", "supervisor", "admin"])
def test_the_centres_staff_get_the_letters_of_their_cases(
    username: str, org: Org, make_case: MakeCase, api_as: ApiAs
) -> None:
    case = dispatched(org, make_case)
    client = api_as(username)
    assert client.get(url(case, "registration.pdf")).status_code == 200
    assert client.get(url(case, "transfer.docx")).status_code == 200


def test_someone_without_a_role_sees_no_case(org: Org, make_case: MakeCase, api_as: ApiAs) -> None:
    case = dispatched(org, make_case)
    response = api_as("nobody").get(url(case, "registration.pdf"))
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


def test_without_a_token_the_answer_is_401(org: Org, make_case: MakeCase) -> None:
    case = dispatched(org, make_case)
    response = Client().get(url(case, "transfer.pdf"))
    assert (response.status_code, response.json()["error"]["code"]) == (401, "unauthenticated")


@pytest.mark.parametrize(
    "filename",
    [
        "memo.pdf",
        "transfer.doc",
        "transfer.html",
        "transfer",
        "transfer.PDF",
        ".pdf",
        "reply.pdf.docx",
    ],
)
def test_an_unknown_letter_or_format_is_404(
    filename: str, org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = dispatched(org, make_case)
    response = clerk.get(url(case, filename))
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


def test_a_case_that_does_not_exist_is_404(org: Org, clerk: Client) -> None:
    response = clerk.get("/api/v1/cases/999999/documents/registration.pdf")
    assert response.status_code == 404


def test_a_refused_download_issues_nothing(org: Org, make_case: MakeCase, api_as: ApiAs) -> None:
    from tousu.documents.models import IssuedDocument

    case = dispatched(org, make_case)
    api_as("unit_a_handler").get(url(case, "registration.pdf"))
    api_as("unit_b_handler").get(url(case, "transfer.pdf"))
    assert IssuedDocument.objects.count() == 0
