"""The first issue of a case's letter is written to the case's log as an "issue_document" event —
which letter, under which number, by whom — without changing the status; the timeline shows it
to the centre and to the unit, and the case page labels it."""

from __future__ import annotations

from django.test import Client

from tests.workbench.case_helpers import case_url, client_for
from tousu.cases.issued import record_issued
from tousu.cases.models import CaseEvent, Status

from .conftest import NOW, ApiAs, MakeCase, Org, dispatched, fetch


def test_the_first_download_writes_one_issue_document_event(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = dispatched(org, make_case)
    fetch(clerk, case, "transfer.pdf")
    fetch(clerk, case, "transfer.docx")
    event = CaseEvent.objects.get(case=case, verb="issue_document")
    assert (event.from_status, event.to_status) == (Status.DISPATCHED, Status.DISPATCHED)
    assert event.data == {"document": "transfer", "number": "〔2026〕转办第0001号"}
    assert (event.actor, event.at, event.note) == (org["clerk"], NOW, "")
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED


def test_the_writer_records_the_document_and_its_number_without_a_status_change(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    version = case.version
    event = record_issued(
        case, actor=org["clerk"], now=NOW, document="registration", number="〔2026〕登记第0001号"
    )
    assert (event.verb, event.from_status, event.to_status) == (
        "issue_document",
        Status.REGISTERED,
        Status.REGISTERED,
    )
    assert event.data == {"document": "registration", "number": "〔2026〕登记第0001号"}
    case.refresh_from_db()
    assert case.version == version


def test_the_unit_reads_which_letter_was_issued_in_its_timeline(
    org: Org, make_case: MakeCase, api_as: ApiAs
) -> None:
    case = dispatched(org, make_case)
    fetch(api_as("unit_a_handler"), case, "transfer.pdf")
    events = api_as("unit_a_handler").get(f"/api/v1/cases/{case.pk}/events").json()
    issued = [e for e in events if e["verb"] == "issue_document"]
    assert [(e["actor"], e["data"]) for e in issued] == [
        ("unit_a_handler", {"document": "transfer", "number": "〔2026〕转办第0001号"})
    ]


def test_the_case_page_shows_the_issued_letter_in_the_timeline(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = dispatched(org, make_case)
    fetch(clerk, case, "transfer.pdf")
    page = client_for(org["clerk"]).get(case_url(case)).content.decode()
    assert "Document issued" in page
    assert "Transfer letter 〔2026〕转办第0001号" in page
