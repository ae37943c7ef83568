"""The case page shows every field of the case to those who may see it — the complainant masked
for the centre, hidden from the handling unit — with its deadlines, transfers and a timeline of
every event; it is a 404 for everyone else, and costs the same few queries however much the case
holds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from time_machine import TimeMachineFixture

from tests.api.helpers import advance
from tests.workbench.case_helpers import (
    HTMX,
    MASKED_ID_NUMBER,
    MASKED_NAME,
    MASKED_PHONE,
    NAME,
    NOW,
    PHONE,
    case_url,
    client_for,
    inline_code,
    status_shown,
)
from tousu.cases import workflow as wf
from tousu.cases.attachments import attach
from tousu.cases.models import Case
from tousu.cases.registration import NewComplainant, NewRespondent

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def page(user: Any, case: Case) -> str:
    response = client_for(user).get(case_url(case))
    assert response.status_code == 200
    return response.content.decode()


def test_the_clerk_sees_every_field_with_the_complainant_masked(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case(
        facts="物业称缺少维修资金。",
        address="东城区幸福小区3号楼",
        latitude=Decimal("39.912345"),
        longitude=Decimal("116.412345"),
        demands=["尽快修复电梯", "公开维修资金使用情况"],
        respondent=NewRespondent(
            name="幸福物业管理有限公司",
            address="东城区幸福路1号",
            legal_representative="李四",
            responsible_person="王五",
            phone="010-12345678",
        ),
    )

    html = page(org["clerk"], case)

    assert f'<span id="case-number" class="number">{case.number}</span>' in html
    assert status_shown(html) == "to accept"
    assert f'<code id="case-tracking-code">{case.tracking_code}</code>' in html
    assert f'<span class="complainant-phone">{MASKED_PHONE}</span>' in html
    assert f'<dd class="complainant-name">{MASKED_NAME}</dd>' in html
    assert f'<dd class="complainant-id">{MASKED_ID_NUMBER}</dd>' in html
    assert PHONE not in html and NAME not in html
    assert "物业称缺少维修资金。" in html
    assert "东城区幸福小区3号楼" in html
    assert '<span class="coords">(39.912345, 116.412345)</span>' in html
    assert '<li value="1">尽快修复电梯</li>' in html
    assert '<li value="2">公开维修资金使用情况</li>' in html
    assert "住房 › 物业管理" in html
    for value in ("幸福物业管理有限公司", "东城区幸福路1号", "李四", "王五", "010-12345678"):
        assert f"<dd>{value}</dd>" in html
    assert '<dd id="case-unit">—</dd>' in html
    assert "市12345热线中心" in html


def test_the_unit_sees_the_case_but_not_who_complained(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "dispatched", NOW)

    html = page(org["unit_a_handler"], case)

    assert status_shown(html) == "to sign for"
    assert "The complainant's identity is not disclosed to the handling unit" in html
    assert "complainant-phone" not in html
    assert "138" not in html and "张" not in html
    assert case.tracking_code not in html
    assert '<dd id="case-unit">市住房和城乡建设局</dd>' in html


def test_after_disclosure_the_unit_sees_the_complainant_masked(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "dispatched", NOW)
    wf.disclose_identity(case, actor=org["deputy"], now=NOW, reason="需要联系诉求人核实")

    html = page(org["unit_a_handler"], case)

    assert f'<span class="complainant-phone">{MASKED_PHONE}</span>' in html
    assert PHONE not in html


@pytest.mark.parametrize("username", ["unit_b_handler", "unit_b_leader", "nobody"])
def test_the_case_does_not_exist_for_those_who_may_not_see_it(
    org: dict[str, Any], make_case: MakeCase, username: str
) -> None:
    case = advance(make_case(), org, "dispatched", NOW)

    response = client_for(org[username]).get(case_url(case))

    assert response.status_code == 404


def test_the_page_asks_a_stranger_to_log_in(org: dict[str, Any], make_case: MakeCase) -> None:
    from django.test import Client

    response = Client().get(case_url(make_case()))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_anonymous_case_says_so(org: dict[str, Any], make_case: MakeCase) -> None:
    html = page(org["clerk"], make_case(anonymous=True, complainants=[]))

    assert "<p>Anonymous</p>" in html
    assert "complainant-phone" not in html


def test_a_collective_case_lists_every_complainant_and_the_representatives(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    people = [
        NewComplainant(name="张三", phone="13812345678", is_representative=True),
        NewComplainant(name="李四", phone="13987654321"),
        NewComplainant(name="王五", phone="13700001111"),
    ]
    case = make_case(complainants=people, party_count=12)

    html = page(org["clerk"], case)

    assert html.count('class="complainant-phone"') == 3
    for masked in ("138****5678", "139****4321", "137****1111"):
        assert f'<span class="complainant-phone">{masked}</span>' in html
    assert html.count('<span class="tag">representative</span>') == 1
    assert "12 complainants in all · collective case" in html


def test_the_suggested_severity_shows_its_reasons(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case(respondent=NewRespondent(name="某局", official_rank="section"), safety=True)

    html = page(org["clerk"], case)

    assert '<span class="badge severity-important">important</span>' in html
    assert "<li>complaint about a section-level (or higher) official</li>" in html
    assert "<li>threatens safety, life, property or social stability</li>" in html
    assert "(not confirmed yet)" in html


def test_deadlines_show_the_remaining_working_days_in_their_colour(
    org: dict[str, Any], make_case: MakeCase, clock: TimeMachineFixture
) -> None:
    case = make_case()  # registered Monday 2026-03-02: to be accepted by Tuesday

    html = page(org["clerk"], case)
    assert '<span class="remaining normal">1 working day left</span>' in html

    clock.move_to(NOW + timedelta(days=3), tick=False)  # Thursday
    html = page(org["clerk"], case)
    assert '<span class="remaining overdue">2 working days overdue</span>' in html


def test_a_deadline_in_an_unpublished_year_is_marked_provisional(
    org: dict[str, Any], make_case: MakeCase, clock: TimeMachineFixture
) -> None:
    new_year_eve = datetime(2026, 12, 31, 2, 0, tzinfo=UTC)
    case = make_case(now=new_year_eve)
    clock.move_to(new_year_eve, tick=False)

    html = page(org["clerk"], case)

    assert case.deadline_provisional is True
    assert '<span class="badge provisional">provisional</span>' in html


def test_the_outcome_and_the_transfers_are_shown(org: dict[str, Any], make_case: MakeCase) -> None:
    case = advance(make_case(), org, "closed", NOW)

    html = page(org["clerk"], case)

    assert "已督促物业修复电梯" in html  # the result
    assert "<dt>justified complaint</dt><dd>yes</dd>" in html
    assert "<dt>valid complaint</dt><dd>not determined</dd>" in html
    assert "电梯已修复" in html  # the reply
    assert "<dt>reply channel</dt><dd>phone</dd>" in html
    assert "<dt>satisfaction</dt><dd>satisfied</dd>" in html
    assert '<tr class="assignment-done">' in html
    assert "<td>done</td>" in html


def test_the_timeline_lists_every_event_with_its_label_actor_and_move(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    wf.accept(case, actor=org["clerk"], now=NOW)
    wf.dispatch(case, actor=org["clerk"], now=NOW, unit="unit-a", note="请核实")

    html = page(org["clerk"], case)

    assert html.count('<li class="event verb-') == 3
    assert '<strong class="event-verb">Registered</strong>' in html
    assert '<strong class="event-verb">Accept</strong>' in html
    assert '<strong class="event-verb">Dispatch</strong>' in html
    assert '<span class="event-actor">clerk</span>' in html
    assert '<span class="event-move">to accept → to dispatch</span>' in html
    assert '<span class="event-move">to dispatch → to sign for</span>' in html
    assert "<dt>unit</dt><dd>市住房和城乡建设局</dd>" in html
    assert "<dt>due</dt><dd>2026-03-11</dd>" in html
    assert '<p class="event-note">请核实</p>' in html


def test_the_timeline_shows_a_merge_with_a_link_to_the_other_case(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    first, second = make_case(), make_case()
    wf.merge(second, actor=org["clerk"], now=NOW, into=first.pk)

    html = page(org["clerk"], second)

    assert f'<dt>merged into</dt><dd><a href="{case_url(first)}">{first.number}</a></dd>' in html
    assert '<span id="case-status" class="badge status status-merged">merged</span>' in html


def count_queries(user: Any, case: Case) -> int:
    client = client_for(user)
    client.get(case_url(case))  # warm the caches (calendar, policies, unit tree)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(case_url(case))
    assert response.status_code == 200
    return len(queries)


def a_busy_case(org: dict[str, Any], make_case: MakeCase) -> Case:
    """Three complainants, two demands, two transfers, an extension, files, many events."""
    people = [NewComplainant(name=f"诉求人{i}", phone=f"1380000000{i}") for i in range(3)]
    case = make_case(complainants=people, demands=["一", "二"])
    wf.accept(case, actor=org["clerk"], now=NOW)
    wf.dispatch(case, actor=org["clerk"], now=NOW, unit="unit-b")
    wf.approve(case, actor=org["director"], now=NOW, approve=True)  # three parties: important
    wf.return_case(case, actor=org["unit_b_handler"], now=NOW, reason="不属本单位职责")
    wf.dispatch(case, actor=org["clerk"], now=NOW, unit="unit-a")
    wf.approve(case, actor=org["director"], now=NOW, approve=True)
    wf.sign(case, actor=org["unit_a_handler"], now=NOW)
    wf.request_extension(case, actor=org["unit_a_handler"], now=NOW, days=3, reason="需勘查")
    for i in range(3):
        attach(case, actor=org["clerk"], now=NOW, name=f"{i}.pdf", data=b"%PDF-1.4\n%" + bytes(i))
    return case


def test_the_page_costs_the_same_queries_however_much_the_case_holds(
    org: dict[str, Any], make_case: MakeCase, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    small = advance(make_case(), org, "handling", NOW)
    busy = a_busy_case(org, make_case)

    # session, user, roles, the case (with category, units, respondent, registrar), all units,
    # the category tree, complainants, demands, extensions, transfers, events, files, and the
    # top bar's display name and unread notifications (the bell). The unit sees no complainants
    # but gets the return reasons, and asks whether a 督办 waits for its answer (the condition of
    # answer_escalation; conditions are only asked for verbs the user has the right to).
    assert count_queries(org["clerk"], small) == 14
    assert count_queries(org["clerk"], busy) == 14
    assert count_queries(org["unit_a_handler"], small) == 15
    assert count_queries(org["unit_a_handler"], busy) == 15


def test_the_page_needs_no_inline_code_under_the_strict_csp(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "accepted", NOW)

    html = page(org["clerk"], case)

    assert inline_code(html) == []
    assert "/static/workbench/case.js" in html and "/static/workbench/case.css" in html


def test_htmx_gets_the_page_element_alone_but_a_history_restore_the_whole_page(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    client = client_for(org["clerk"])

    element = client.get(case_url(case), **HTMX).content.decode()
    restore = client.get(
        case_url(case), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX
    ).content.decode()

    assert element.startswith('<article id="case-page"')
    assert restore.startswith("<!doctype html>")
