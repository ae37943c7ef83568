"""摘要转出: the transfer letter carries the matter in summary and never who complained — not the
name, the phone (in any form, not even the masked one's last digits), the ID number or the
address; neither in the PDF nor in the Word document, whether the centre or the unit prints it.
The citizen's key to the case (the tracking code) is not in it either."""

from __future__ import annotations

import pytest
from django.test import Client

from tousu.cases.models import Case

from .conftest import ApiAs, MakeCase, Org, dispatched, docx_text, docx_xml, fetch, pdf_text

NAME, MASKED_NAME = "张三", "张*"
PHONE, MASKED_PHONE = "13812345678", "138****5678"
ID_NUMBER, MASKED_ID_NUMBER = "110101199001011237", "110101********1237"
ADDRESS, MASKED_ADDRESS = "东城区幸福小区3号楼2单元501", "东城区幸福小****"
NEVER = (
    NAME,
    MASKED_NAME,
    PHONE,
    MASKED_PHONE,
    "5678",  # the phone's last digits, which its masked form shows
    "138*",
    ID_NUMBER,
    MASKED_ID_NUMBER,
    "1237",
    ADDRESS,
    MASKED_ADDRESS,
    "2单元501",
)


def _letters(case: Case, client: Client) -> dict[str, str]:
    return {
        "pdf": pdf_text(fetch(client, case, "transfer.pdf")),
        "docx": docx_text(fetch(client, case, "transfer.docx")),
        "docx xml": docx_xml(fetch(client, case, "transfer.docx")),
    }


@pytest.mark.parametrize("username", ["clerk", "unit_a_handler"])
def test_the_transfer_letter_holds_no_name_phone_id_number_or_address(
    username: str, org: Org, make_case: MakeCase, api_as: ApiAs
) -> None:
    case = dispatched(org, make_case)
    for form, text in _letters(case, api_as(username)).items():
        assert case.title in text or form == "docx xml"
        found = [value for value in NEVER if value in text]
        assert found == [], form
        assert case.tracking_code not in text
        assert case.tracking_code.replace("-", "") not in text


def test_the_transfer_letter_carries_the_matter_in_summary(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = dispatched(
        org, make_case, address="东城区幸福小区东门", demands=["尽快修复电梯", "赔偿损失"]
    )
    for text in (
        pdf_text(fetch(clerk, case, "transfer.pdf")),
        docx_text(fetch(clerk, case, "transfer.docx")),
    ):
        assert "市住房和城乡建设局" in text  # the addressee: the unit of the transfer
        assert "小区电梯长期故障无人维修" in text  # title
        assert "幸福小区3号楼电梯停运两周,物业不予维修。" in text  # content
        assert "东城区幸福小区东门" in text  # the address of the matter
        assert "1.尽快修复电梯" in text and "2.赔偿损失" in text  # demands
        assert "2026年3月11日" in text  # the unit's due date: seven working days on


def test_an_anonymous_case_is_transferred_without_anyone_named(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = dispatched(org, make_case, anonymous=True, complainants=[])
    text = pdf_text(fetch(clerk, case, "transfer.pdf"))
    assert case.number in text
    assert [value for value in NEVER if value in text] == []
