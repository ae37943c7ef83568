"""The case page's "Documents" box links each letter the user may download now, as PDF and Word
(served by the API, which the browser's session reaches): the centre's staff see every letter the
case has something for, a unit only the transfer letter it received."""

from __future__ import annotations

import re

from tests.workbench.case_helpers import case_url, client_for
from tousu.cases import workflow as wf

from .conftest import NOW, MakeCase, Org, dispatched, pdf_text, replied


def _offered(page: str) -> list[str]:
    return re.findall(r'<li id="document-([a-z_]+)">', page)


def test_the_centre_sees_the_letters_the_case_has_something_for(
    org: Org, make_case: MakeCase
) -> None:
    case = dispatched(org, make_case)
    page = client_for(org["clerk"]).get(case_url(case)).content.decode()
    assert _offered(page) == ["registration", "transfer"]
    wf.escalate(case, actor=org["supervisor"], now=NOW)
    page = client_for(org["clerk"]).get(case_url(case)).content.decode()
    assert _offered(page) == ["registration", "transfer", "supervision"]
    assert f'href="/api/v1/cases/{case.pk}/documents/supervision.pdf"' in page
    assert f'href="/api/v1/cases/{case.pk}/documents/supervision.docx"' in page
    assert _offered(
        client_for(org["clerk"]).get(case_url(replied(org, make_case))).content.decode()
    ) == [
        "registration",
        "transfer",
        "reply",
    ]


def test_the_unit_sees_only_its_transfer_letter(org: Org, make_case: MakeCase) -> None:
    case = dispatched(org, make_case)
    wf.escalate(case, actor=org["supervisor"], now=NOW)
    page = client_for(org["unit_a_handler"]).get(case_url(case)).content.decode()
    assert _offered(page) == ["transfer"]


def test_a_new_case_offers_its_registration_form_only(org: Org, make_case: MakeCase) -> None:
    page = client_for(org["clerk"]).get(case_url(make_case())).content.decode()
    assert _offered(page) == ["registration"]
    assert 'id="documents"' in page


def test_a_unit_that_returned_the_case_keeps_the_link_to_its_letter(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=NOW)
    wf.dispatch(case, actor=org["clerk"], now=NOW, unit="unit-a")
    wf.sign(case, actor=org["unit_a_handler"], now=NOW)
    wf.return_case(case, actor=org["unit_a_handler"], now=NOW, reason="不属本单位职责")
    wf.dispatch(case, actor=org["clerk"], now=NOW, unit="unit-b")
    # Unit A returned it: it still has the letter it received.
    page = client_for(org["unit_a_handler"]).get(case_url(case)).content.decode()
    assert _offered(page) == ["transfer"]


def test_the_link_downloads_the_letter_with_the_session(org: Org, make_case: MakeCase) -> None:
    case = dispatched(org, make_case)
    browser = client_for(org["unit_a_handler"])
    response = browser.get(f"/api/v1/cases/{case.pk}/documents/transfer.pdf")
    assert response.status_code == 200
    assert case.number in pdf_text(response.content)
