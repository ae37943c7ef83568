"""Every result and every reply is shown, oldest first — to each as far as it may read them: the
centre all of them, a unit the results of its own work (never another unit's), the unit holding
the case the replies to the complainant, a unit that returned the case none."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.access.story import at
from tests.api.helpers import get, token_client
from tests.workbench.case_helpers import case_url, client_for
from tousu.cases import workflow as wf
from tousu.cases.models import Case

MakeCase = Callable[..., Case]
B_RESULT = "市场监管局:已约谈物业"
A_FIRST = "住建局:已通知物业维修"
A_SECOND = "住建局:电梯已修复并验收"
FIRST_REPLY = "已通知物业维修"
SECOND_REPLY = "电梯已修复并验收"


def handled_twice_by_two_units(case: Case, org: dict[str, Any]) -> Case:
    """B submits a result that is sent back, then returns the case; A's result is approved and
    replied to, the complainant is dissatisfied, A handles it again and it is replied to again."""
    clerk, a, b = org["clerk"], org["unit_a_handler"], org["unit_b_handler"]
    wf.accept(case, actor=clerk, now=at(1))
    wf.dispatch(case, actor=clerk, now=at(2), unit="unit-b")
    wf.sign(case, actor=b, now=at(3))
    wf.submit_result(case, actor=b, now=at(4), result=B_RESULT, justified=False)
    wf.review(case, actor=clerk, now=at(5), approve=False, note="非本单位职责范围")
    wf.return_case(case, actor=b, now=at(6), reason="不属本单位职责")
    wf.dispatch(case, actor=clerk, now=at(7), unit="unit-a")
    wf.sign(case, actor=a, now=at(8))
    wf.submit_result(case, actor=a, now=at(9), result=A_FIRST, justified=True, valid=True)
    wf.review(case, actor=clerk, now=at(10), approve=True)
    wf.reply(case, actor=clerk, now=at(11), content=FIRST_REPLY, channel="phone")
    wf.callback(case, actor=clerk, now=at(12), satisfaction="dissatisfied", note="仍未修好")
    wf.submit_result(case, actor=a, now=at(13), result=A_SECOND, justified=True, valid=True)
    wf.review(case, actor=clerk, now=at(14), approve=True)
    wf.reply(case, actor=clerk, now=at(15), content=SECOND_REPLY, channel="sms")
    return case


def _texts(user: Any, case: Case) -> tuple[list[str], list[str]]:
    body = get(token_client(user), f"/cases/{case.pk}").json()
    return [r["text"] for r in body["results"]], [r["text"] for r in body["replies"]]


def test_the_centre_reads_every_result_and_reply_in_order(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = handled_twice_by_two_units(make_case(), org)

    body = get(token_client(org["clerk"]), f"/cases/{case.pk}").json()

    assert body["results"] == [
        {
            "at": "2026-03-02T10:04:00+08:00",
            "unit": "unit-b",
            "text": B_RESULT,
            "justified": False,
            "valid": None,
        },
        {
            "at": "2026-03-02T10:09:00+08:00",
            "unit": "unit-a",
            "text": A_FIRST,
            "justified": True,
            "valid": True,
        },
        {
            "at": "2026-03-02T10:13:00+08:00",
            "unit": "unit-a",
            "text": A_SECOND,
            "justified": True,
            "valid": True,
        },
    ]
    assert body["replies"] == [
        {"at": "2026-03-02T10:11:00+08:00", "channel": "phone", "text": FIRST_REPLY},
        {"at": "2026-03-02T10:15:00+08:00", "channel": "sms", "text": SECOND_REPLY},
    ]


def test_each_unit_reads_only_its_own_results_and_only_the_holder_the_replies(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = handled_twice_by_two_units(make_case(), org)

    assert _texts(org["unit_a_handler"], case) == ([A_FIRST, A_SECOND], [FIRST_REPLY, SECOND_REPLY])
    assert _texts(org["unit_b_handler"], case) == ([B_RESULT], [])


def test_the_case_page_lists_the_same_results_and_replies_in_order(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = handled_twice_by_two_units(make_case(), org)

    def shown(user: Any) -> tuple[list[str], list[str]]:
        html = client_for(user).get(case_url(case)).content.decode()
        return (
            re.findall(r'<p class="prose result-text">([^<]*)</p>', html),
            re.findall(r'<p class="prose reply-text">([^<]*)</p>', html),
        )

    for username in ("clerk", "unit_a_handler", "unit_b_handler"):
        assert shown(org[username]) == _texts(org[username], case)
