"""Every letter, PDF and Word, carries the case number and its own document number, and comes as a
download named after the case."""

from __future__ import annotations

import pytest
from django.test import Client

from tousu.cases import workflow as wf
from tousu.cases.models import Case

from .conftest import (
    NOW,
    ApiAs,
    MakeCase,
    Org,
    dispatched,
    docx_text,
    docx_xml,
    fetch,
    pdf_text,
    rejected,
    replied,
    url,
)


def _case_for(letter: str, org: Org, make_case: MakeCase) -> Case:
    if letter == "not_accepted":
        return rejected(org, make_case)
    if letter == "reply":
        return replied(org, make_case)
    case = dispatched(org, make_case)
    if letter == "supervision":
        wf.escalate(case, actor=org["supervisor"], now=NOW, note="请抓紧办理")
    return case


SERIES = {
    "registration": "〔2026〕登记第0001号",
    "transfer": "〔2026〕转办第0001号",
    "supervision": "〔2026〕督办第0001号",
    "reply": "〔2026〕答复第0001号",
    "not_accepted": "〔2026〕不予受理第0001号",
}


@pytest.mark.parametrize("letter", list(SERIES))
def test_the_pdf_holds_the_case_number_and_the_document_number(
    letter: str, org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = _case_for(letter, org, make_case)
    text = pdf_text(fetch(clerk, case, f"{letter}.pdf"))
    assert case.number in text
    assert SERIES[letter] in text


@pytest.mark.parametrize("letter", list(SERIES))
def test_the_word_document_holds_the_case_number_and_the_document_number(
    letter: str, org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = _case_for(letter, org, make_case)
    text = docx_text(fetch(clerk, case, f"{letter}.docx"))
    assert case.number in text
    assert SERIES[letter] in text


def test_a_letter_comes_as_a_download_named_after_the_case_and_is_not_cached(
    org: Org, make_case: MakeCase, api_as: ApiAs
) -> None:
    case = dispatched(org, make_case)
    pdf = api_as("clerk").get(url(case, "transfer.pdf"))
    word = api_as("clerk").get(url(case, "transfer.docx"))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf["Content-Disposition"] == f'attachment; filename="{case.number}-transfer.pdf"'
    assert pdf.content.startswith(b"%PDF-")
    assert "no-store" in pdf["Cache-Control"]
    assert (word.status_code, word["Content-Type"]) == (
        200,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert word["Content-Disposition"] == f'attachment; filename="{case.number}-transfer.docx"'
    assert word.content.startswith(b"PK\x03\x04")


def test_the_word_document_names_the_chinese_font_for_east_asian_text(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    xml = docx_xml(fetch(clerk, dispatched(org, make_case), "transfer.docx"))
    assert 'w:eastAsia="Noto Serif CJK SC"' in xml
