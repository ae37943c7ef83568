"""督办函: to the unit handling the case, on its open escalation (else the latest): the level, the
remarks, the date the answer is due. Raising the escalation to the next level is a new letter."""

from __future__ import annotations

from datetime import date

from django.test import Client

from tousu.cases import workflow as wf

from .conftest import NOW, MakeCase, Org, dispatched, english, fetch, pdf_text


def test_the_letter_names_the_unit_the_remarks_and_the_answer_due(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = dispatched(org, make_case)
    wf.escalate(
        case,
        actor=org["supervisor"],
        now=NOW,
        note="逾期未办结,请单位负责人督促",
        answer_due=date(2026, 3, 6),
    )
    text = pdf_text(fetch(english(clerk), case, "supervision.pdf"))
    assert "Supervisionletter市住房和城乡建设局:" in text  # the title, then the addressee
    assert "逾期未办结,请单位负责人督促" in text
    assert "March6,2026" in text  # the answer due, in the letter's language
    assert "theunit'sleader" in text
    assert "〔2026〕督办第0001号" in text


def test_raising_the_escalation_is_a_new_supervision_letter(
    org: Org, make_case: MakeCase, clerk: Client
) -> None:
    case = dispatched(org, make_case)
    wf.escalate(case, actor=org["supervisor"], now=NOW, note="第一次督办")
    first = pdf_text(fetch(clerk, case, "supervision.pdf"))
    wf.escalate(case, actor=org["director"], now=NOW, note="升级督办")
    second = pdf_text(fetch(english(clerk), case, "supervision.pdf"))
    assert "〔2026〕督办第0001号" in first and "第一次督办" in first
    assert "〔2026〕督办第0002号" in second and "升级督办" in second
    # Level 2 is the centre's deputy director supervising: the letter still goes to the unit.
    assert "市住房和城乡建设局:" in second
    assert "thedeputydirector" in second
