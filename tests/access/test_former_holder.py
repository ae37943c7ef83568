"""A unit that returned a case sees it as it was when it left — back at the centre, no unit, no
deadlines, nothing written after it left — and, once the case is closed, the final outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.access.story import at, returned_by_b_then_at_a
from tests.api.helpers import get, token_client
from tests.workbench.case_helpers import case_url, client_for, status_shown
from tousu.cases import workflow as wf
from tousu.cases.models import Case

MakeCase = Callable[..., Case]
AS_IT_LEFT = ["register", "attach", "attach", "accept", "dispatch", "sign", "return"]
NO_DEADLINES = {"accept_due": None, "handle_due": None, "unit_due": None, "current_due": None}


def closed_by_a(case: Case, org: dict[str, Any]) -> Case:
    handler = org["unit_a_handler"]
    wf.submit_result(case, actor=handler, now=at(80), result="已督促物业修复电梯", justified=True)
    wf.review(case, actor=org["clerk"], now=at(90), approve=True)
    wf.reply(case, actor=org["clerk"], now=at(100), content="电梯已修复", channel="phone")
    wf.callback(case, actor=org["clerk"], now=at(110), satisfaction="satisfied", note="很满意")
    return case


def test_unit_b_sees_the_case_as_it_left_it_while_unit_a_works_on_it(
    org: dict[str, Any], make_case: MakeCase, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = returned_by_b_then_at_a(make_case(), org)
    client = token_client(org["unit_b_handler"])

    body = get(client, f"/cases/{case.pk}").json()
    events = get(client, f"/cases/{case.pk}/events").json()

    assert (body["status"], body["unit"], body["deadlines"]) == ("accepted", None, NO_DEADLINES)
    assert (body["remaining_workdays"], body["closed_at"], body["actions"]) == (None, None, [])
    assert [e["verb"] for e in events] == AS_IT_LEFT
    html = client_for(org["unit_b_handler"]).get(case_url(case)).content.decode()
    assert status_shown(html) == "to dispatch"
    assert '<dd id="case-unit">—</dd>' in html
    assert org["unit_a"].name not in html
    assert '<dd id="final-outcome">not yet</dd>' in html


def test_once_the_case_is_closed_unit_b_is_told_the_outcome_and_its_date_only(
    org: dict[str, Any], make_case: MakeCase, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = closed_by_a(returned_by_b_then_at_a(make_case(), org), org)
    client = token_client(org["unit_b_handler"])

    body = get(client, f"/cases/{case.pk}").json()
    events = get(client, f"/cases/{case.pk}/events").json()

    assert (body["status"], body["closed_at"]) == ("closed", "2026-03-02T11:50:00+08:00")
    assert (body["result"], body["reply"], body["satisfaction"]) == (None, None, None)
    assert (body["results"], body["replies"], body["unit"]) == ([], [], None)
    assert [e["verb"] for e in events] == [*AS_IT_LEFT, "callback"]
    assert {k: events[-1][k] for k in ("to_status", "note", "data")} == {
        "to_status": "closed",
        "note": "",
        "data": {},
    }
    html = client_for(org["unit_b_handler"]).get(case_url(case)).content.decode()
    assert '<dd id="final-outcome">to archive · 2026-03-02 11:50</dd>' in html
    for later in ("已督促物业修复电梯", "电梯已修复", "很满意", org["unit_a"].name):
        assert later not in html


def test_the_unit_that_holds_the_case_to_the_end_sees_all_of_it(
    org: dict[str, Any], make_case: MakeCase, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = closed_by_a(returned_by_b_then_at_a(make_case(), org), org)

    body = get(token_client(org["unit_a_handler"]), f"/cases/{case.pk}").json()

    assert (body["status"], body["unit"], body["satisfaction"]) == ("closed", "unit-a", "satisfied")
    assert body["replies"] == [
        {"at": "2026-03-02T11:40:00+08:00", "channel": "phone", "text": "电梯已修复"}
    ]
    assert [r["text"] for r in body["results"]] == ["已督促物业修复电梯"]
