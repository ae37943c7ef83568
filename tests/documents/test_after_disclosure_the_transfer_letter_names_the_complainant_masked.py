"""告知承办单位诉求人身份: once the centre disclosed the identity to the unit of a transfer, that
transfer's letter names the complainant — masked, as that unit sees them (docs/rules.md: "even then
it is masked"). A disclosure is made to one transfer: the letter of a later transfer to another
unit is without the identity again."""

from __future__ import annotations

from django.test import Client

from tests.workflow.helpers import act
from tousu.cases import workflow as wf
from tousu.cases.models import Case

from .conftest import NOW, ApiAs, MakeCase, Org, dispatched, docx_text, fetch, pdf_text


def _told_unit_a(org: Org, make_case: MakeCase) -> Case:
    case = dispatched(org, make_case)
    wf.sign(case, actor=org["unit_a_handler"], now=NOW)
    wf.disclose_identity(case, actor=org["director"], now=NOW, reason="核实需要联系诉求人")
    return case


def test_the_transfer_letter_to_the_unit_told_holds_the_masked_name_and_phone(
    org: Org, make_case: MakeCase, api_as: ApiAs
) -> None:
    case = _told_unit_a(org, make_case)
    for client in (api_as("clerk"), api_as("unit_a_handler")):
        for text in (
            pdf_text(fetch(client, case, "transfer.pdf")),
            docx_text(fetch(client, case, "transfer.docx")),
        ):
            assert "张*" in text
            assert "138****5678" in text
            assert "110101********1237" in text
            # Masked, never in full: disclosure is no reveal.
            assert "张三" not in text
            assert "13812345678" not in text
            assert "110101199001011237" not in text


def test_the_next_units_transfer_letter_is_without_the_identity(
    org: Org, make_case: MakeCase, api_as: ApiAs, clerk: Client
) -> None:
    case = _told_unit_a(org, make_case)
    first = pdf_text(fetch(clerk, case, "transfer.pdf"))
    act("return", case, org["unit_a_handler"], NOW)
    wf.dispatch(case, actor=org["clerk"], now=NOW, unit="unit-b")

    to_b = pdf_text(fetch(clerk, case, "transfer.pdf"))
    assert "〔2026〕转办第0001号" in first and "张*" in first
    # A new transfer: a new letter, a new number, to the new unit, without the identity.
    assert "〔2026〕转办第0002号" in to_b
    assert "市市场监督管理局" in to_b
    assert "张*" not in to_b and "5678" not in to_b and "1237" not in to_b
    assert pdf_text(fetch(api_as("unit_b_handler"), case, "transfer.pdf")) == to_b
    # Unit A still gets the letter it received, under its number, as it was told.
    from_a = pdf_text(fetch(api_as("unit_a_handler"), case, "transfer.pdf"))
    assert "〔2026〕转办第0001号" in from_a and "张*" in from_a
