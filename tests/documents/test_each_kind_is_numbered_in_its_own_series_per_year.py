"""文号: each kind of document is numbered in its own series per year; a letter downloaded again
keeps its number (and its date), and only its first issue is logged."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client
from time_machine import TimeMachineFixture

from tousu.cases.models import CaseEvent
from tousu.documents import numbering
from tousu.documents.models import DocumentSeries, IssuedDocument

from .conftest import ApiAs, MakeCase, Org, dispatched, docx_text, fetch, pdf_text

# 00:30 on 1 January 2027 in Shanghai (still 31 December in UTC): the centre's new year.
NEW_YEAR = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)


def test_two_cases_get_transfer_letters_one_and_two(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    first, second = dispatched(org, make_case), dispatched(org, make_case)
    assert "〔2026〕转办第0001号" in pdf_text(fetch(clerk, first, "transfer.pdf"))
    assert "〔2026〕转办第0002号" in pdf_text(fetch(clerk, second, "transfer.pdf"))
    assert list(IssuedDocument.objects.order_by("sequence").values_list("case", "number")) == [
        (first.pk, "〔2026〕转办第0001号"),
        (second.pk, "〔2026〕转办第0002号"),
    ]


def test_the_registration_series_counts_on_its_own(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    first, second = dispatched(org, make_case), dispatched(org, make_case)
    fetch(clerk, first, "transfer.pdf")
    fetch(clerk, second, "transfer.pdf")
    assert "〔2026〕登记第0001号" in pdf_text(fetch(clerk, second, "registration.pdf"))
    assert "〔2026〕转办第0003号" in pdf_text(
        fetch(clerk, dispatched(org, make_case), "transfer.pdf")
    )
    assert list(DocumentSeries.objects.order_by("kind").values_list("kind", "year", "last")) == [
        ("registration", 2026, 1),
        ("transfer", 2026, 3),
    ]


def test_the_series_restarts_with_the_centres_new_year(
    org: Org, make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    old, new = dispatched(org, make_case), dispatched(org, make_case)
    fetch(api_as("clerk"), old, "transfer.pdf")
    clock.move_to(NEW_YEAR, tick=False)
    clerk = api_as("clerk")  # a token of the new year (the first one expired meanwhile)
    text = pdf_text(fetch(clerk, new, "transfer.pdf"))
    assert "〔2027〕转办第0001号" in text
    assert "2027年1月1日" in text  # the letter's date: the day it was issued
    # The letter of last year keeps its number and date.
    again = pdf_text(fetch(clerk, old, "transfer.pdf"))
    assert "〔2026〕转办第0001号" in again and "2026年3月2日" in again
    assert numbering.year_of(NEW_YEAR) == 2027


def test_the_same_letter_downloaded_again_shows_the_same_number_and_is_logged_once(
    org: Org, make_case: MakeCase, clerk: Client, clock: TimeMachineFixture
) -> None:
    case = dispatched(org, make_case)
    first = pdf_text(fetch(clerk, case, "transfer.pdf"))
    clock.shift(86400 * 3)
    again = pdf_text(fetch(clerk, case, "transfer.pdf"))
    word = docx_text(fetch(clerk, case, "transfer.docx"))
    assert first == again
    assert "〔2026〕转办第0001号" in word and "2026年3月2日" in word
    assert IssuedDocument.objects.count() == 1
    assert DocumentSeries.objects.get(kind="transfer").last == 1
    assert CaseEvent.objects.filter(case=case, verb="issue_document").count() == 1


def test_a_document_without_a_case_is_numbered_once_per_basis(org: Org) -> None:
    at = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
    one, created = numbering.issue("supervision", basis="unit:unit-a:2026-03", actor=None, now=at)
    same, again = numbering.issue("supervision", basis="unit:unit-a:2026-03", actor=None, now=at)
    other, _ = numbering.issue("supervision", basis="unit:unit-b:2026-03", actor=None, now=at)
    assert (created, again) == (True, False)
    assert (one.pk, one.number, one.case) == (same.pk, "〔2026〕督办第0001号", None)
    assert other.number == "〔2026〕督办第0002号"
    assert CaseEvent.objects.filter(verb="issue_document").count() == 0
