"""A letter the case has nothing for yet is a 409 with the case's status: no transfer letter before
a transfer reached a unit, no supervision letter without an escalation, no reply letter before the
reply, no notice of non-acceptance unless the case was not accepted. Nothing is numbered."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import MONDAY
from tests.workflow.helpers import advance
from tousu.cases import workflow as wf
from tousu.cases.models import Status
from tousu.documents.models import DocumentSeries, IssuedDocument

from .conftest import NOW, MakeCase, Org, dispatched, replied, url


def _conflict(client: Client, case: Any, filename: str) -> tuple[int, str, str]:
    response = client.get(url(case, filename))
    body = response.json()
    return response.status_code, body["error"]["code"], body["status"]


def test_no_transfer_letter_before_the_case_reached_a_unit(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    assert _conflict(clerk, case, "transfer.pdf") == (409, "no_document", "accepted")
    # Handled by the centre itself: no transfer to a unit either.
    wf.self_handle(case, actor=org["clerk"], now=NOW)
    assert _conflict(clerk, case, "transfer.docx")[0] == 409


def test_no_supervision_letter_without_an_escalation(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = dispatched(org, make_case)
    assert _conflict(clerk, case, "supervision.pdf") == (409, "no_document", "dispatched")


def test_no_reply_letter_before_the_reply(org: Org, make_case: MakeCase, clerk: Client) -> None:
    case = advance(make_case(), Status.REVIEWED, org, MONDAY)
    assert _conflict(clerk, case, "reply.pdf") == (409, "no_document", "reviewed")


def test_no_notice_of_non_acceptance_unless_the_case_was_not_accepted(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    assert _conflict(clerk, make_case(), "not_accepted.pdf") == (409, "no_document", "registered")
    assert _conflict(clerk, replied(org, make_case), "not_accepted.docx")[0] == 409
    assert IssuedDocument.objects.count() == 0
    assert DocumentSeries.objects.count() == 0
