"""答复函 and 不予受理告知书: addressed to the complainant by surname and gender (张先生, 张女士,
张先生/女士 — the masked name's one character, never the full name), or to 投诉人 when the case is
anonymous; the reply as written, the reason of the refusal as given."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import MONDAY
from tests.workflow.helpers import advance
from tousu.cases import workflow as wf
from tousu.cases.models import Status
from tousu.cases.registration import NewComplainant

from .conftest import NOW, MakeCase, Org, docx_text, english, fetch, pdf_text, rejected, replied


@pytest.mark.parametrize(
    ("gender", "salutation"),
    [("male", "DearMr张,"), ("female", "DearMs张,"), ("", "DearMr/Ms张,")],
)
def test_the_reply_letter_addresses_the_complainant_by_surname(
    gender: str, salutation: str, org: Org, make_case: MakeCase, clerk: Client
) -> None:
    person = NewComplainant(name="张三", phone="13812345678", gender=gender)
    case = replied(org, make_case, complainants=[person])
    for text in (
        pdf_text(fetch(english(clerk), case, "reply.pdf")),
        docx_text(fetch(english(clerk), case, "reply.docx")),
    ):
        assert salutation in text
        assert "张三" not in text and "5678" not in text
        assert "已整改完毕" in text  # the reply as written
        assert "Replyletter" in text


def test_an_anonymous_complainant_is_addressed_as_the_complainant(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = replied(org, make_case, anonymous=True, complainants=[])
    assert "Dearcomplainant," in pdf_text(fetch(english(clerk), case, "reply.pdf"))


def test_the_reply_letter_follows_the_latest_reply(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = replied(org, make_case)
    first = pdf_text(fetch(clerk, case, "reply.pdf"))
    wf.callback(case, actor=org["clerk"], now=NOW, satisfaction="dissatisfied", note="未修好")
    advance(case, Status.REVIEWED, org, MONDAY)
    wf.reply(case, actor=org["clerk"], now=NOW, content="电梯已更换新主板并验收", channel="phone")
    second = pdf_text(fetch(clerk, case, "reply.pdf"))
    assert "〔2026〕答复第0001号" in first and "已整改完毕" in first
    assert "〔2026〕答复第0002号" in second and "电梯已更换新主板并验收" in second


def test_the_notice_of_non_acceptance_gives_the_reason(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = rejected(org, make_case, reason="属于司法诉讼程序处理的事项")
    text = pdf_text(fetch(english(clerk), case, "not_accepted.pdf"))
    assert "Noticeofnon-acceptance" in text
    assert "DearMr/Ms张," in text
    assert "属于司法诉讼程序处理的事项" in text
    assert "〔2026〕不予受理第0001号" in text
