"""An answer in a case's thread — by its references or by the number in its subject — joins
that case only when it comes from the address the case answers: a case number is no secret.
Anything else, and an answer to a closed case, is a case of its own: the citizen is heard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.conftest import MONDAY
from tests.intake.email.mails import CITIZEN, mail, raw
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.intake.email.handling import receive
from tousu.intake.models import InboundMessage

LATER = MONDAY + timedelta(hours=2)


def first_case() -> tuple[Case, str]:
    message = mail()
    receive(raw(message), MONDAY)
    return Case.objects.get(), message["Message-ID"]


def test_the_number_in_the_subject_from_the_contact_adds_to_the_case(org: dict[str, Any]) -> None:
    case, _first = first_case()
    handled = receive(
        raw(mail(subject=f"回复:[{case.number}] 补充照片", text="还有一张照片。")), LATER
    )

    assert (handled.outcome, handled.case_id) == ("added", case.pk)
    assert Case.objects.count() == 1
    assert case.events.get(verb="supplement").note == "还有一张照片。"


def test_a_reference_to_an_earlier_answer_of_the_thread_finds_the_case(
    org: dict[str, Any],
) -> None:
    case, first = first_case()
    second = mail(subject="补充一", headers={"In-Reply-To": first})
    receive(raw(second), LATER)
    third = mail(
        subject="补充二", headers={"References": f"<other@example.cn> {second['Message-ID']}"}
    )

    assert receive(raw(third), LATER).case_id == case.pk
    assert (
        list(case.events.filter(verb="supplement").values_list("note", flat=True))
        == ["我住在幸福小区3号楼,电梯坏了两个月,物业一直不修。"] * 2
    )


def test_a_stranger_naming_the_case_opens_a_case_of_their_own(org: dict[str, Any]) -> None:
    case, first = first_case()
    stranger = mail(
        sender="someone@else.example.cn",
        subject=f"Re: [{case.number}] 我也要补充",
        headers={"In-Reply-To": first},
    )
    handled = receive(raw(stranger), LATER)

    assert handled.outcome == "registered"
    assert handled.case_id != case.pk
    assert not case.events.filter(verb="supplement").exists()
    assert Case.objects.exclude(pk=case.pk).get().contact_address == "someone@else.example.cn"


def test_the_contact_matches_whatever_the_case_of_the_address(org: dict[str, Any]) -> None:
    case, first = first_case()
    handled = receive(raw(mail(sender=CITIZEN.upper(), headers={"In-Reply-To": first})), LATER)
    assert handled.case_id == case.pk


def test_an_answer_to_a_closed_case_is_a_new_case(org: dict[str, Any]) -> None:
    case, first = first_case()
    wf.reject(case, actor=org["clerk"], now=MONDAY, reason="不属于本中心受理范围")
    handled = receive(raw(mail(subject="我不服", headers={"In-Reply-To": first})), LATER)

    assert handled.outcome == "registered"
    assert Case.objects.count() == 2
    assert InboundMessage.objects.filter(outcome="registered").order_by("id")[1].note == (
        f"answers closed case {case.number}"
    )


def test_an_answer_with_nothing_but_the_quote_adds_nothing(org: dict[str, Any]) -> None:
    case, first = first_case()
    handled = receive(raw(mail(text="> 您的诉求已登记", headers={"In-Reply-To": first})), LATER)
    assert (handled.outcome, handled.case_id) == ("ignored", case.pk)
    assert not case.events.filter(verb="supplement").exists()
