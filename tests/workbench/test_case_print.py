"""The printable registration form 登记表: one A4 page with the case's particulars (identity masked
per the access rules) and the lines for the signatures, printed with a button that works under
the strict CSP — and a 404 for whoever may not see the case."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.api.helpers import advance
from tests.workbench.case_helpers import (
    MASKED_PHONE,
    NOW,
    PHONE,
    case_url,
    client_for,
    inline_code,
)
from tousu.cases.models import Case
from tousu.cases.registration import NewRespondent

MakeCase = Callable[..., Case]
CASE_CSS = Path(__file__).resolve().parents[2] / "tousu/workbench/static/workbench/case.css"
CASE_JS = Path(__file__).resolve().parents[2] / "tousu/workbench/static/workbench/case.js"


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def print_url(case: Case) -> str:
    return reverse("workbench:case_print", args=[case.pk])


def test_the_clerk_prints_the_registration_form(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case(
        facts="物业称缺少维修资金。",
        demands=["尽快修复电梯", "赔偿损失"],
        respondent=NewRespondent(name="幸福物业管理有限公司", responsible_person="王五"),
    )
    advance(case, org, "dispatched", NOW)

    response = client_for(org["clerk"]).get(print_url(case))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Complaint registration form</h1>" in html
    assert f'<span id="case-number">{case.number}</span>' in html
    assert f'<span class="complainant-phone">{MASKED_PHONE}</span>' in html
    assert PHONE not in html
    assert "幸福物业管理有限公司 · responsible person 王五" in html
    assert "物业称缺少维修资金。" in html
    assert '<li value="1">尽快修复电梯</li>' in html and '<li value="2">赔偿损失</li>' in html
    assert "住房 › 物业管理" in html
    assert "<td>市住房和城乡建设局</td>" in html  # the handling unit
    assert '<th scope="row">accept by</th><td>2026-03-03</td>' in html
    assert '<th scope="row">unit\'s due date</th><td>2026-03-11</td>' in html
    assert '<span class="sig-label">Received by</span>' in html
    assert '<span class="sig-label">Reviewed by</span>' in html


def test_the_print_button_is_wired_by_a_file_and_hidden_on_paper(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    html = client_for(org["clerk"]).get(print_url(make_case())).content.decode()

    assert '<button type="button" id="print-button" class="primary" data-print>' in html
    assert '<nav class="print-toolbar no-print"' in html
    assert "/static/workbench/case.js" in html
    assert inline_code(html) == []
    assert "window.print()" in CASE_JS.read_text()
    css = CASE_CSS.read_text()
    assert "@page { size: A4;" in css
    assert ".no-print, .print-toolbar { display: none !important; }" in css


def test_the_case_page_links_to_the_print_view(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()

    html = client_for(org["clerk"]).get(case_url(case)).content.decode()

    assert f'<a class="button" id="print-link" href="{print_url(case)}">' in html


def test_the_unit_prints_the_form_without_the_complainant(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = advance(make_case(), org, "handling", NOW)

    response = client_for(org["unit_a_handler"]).get(print_url(case))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Not disclosed to the handling unit." in html
    assert "complainant-phone" not in html and "138" not in html


@pytest.mark.parametrize("username", ["unit_b_handler", "nobody"])
def test_the_print_view_is_404_for_those_who_cannot_see_the_case(
    org: dict[str, Any], make_case: MakeCase, username: str
) -> None:
    case = advance(make_case(), org, "handling", NOW)

    response = client_for(org[username]).get(print_url(case))

    assert response.status_code == 404
