"""The whole closed loop in a real browser: the clerk registers a phone complaint and dispatches
it; unit A's handler signs for it without ever seeing the caller's number and submits a result;
the clerk reviews, replies, calls back and archives; unit B's handler can neither find nor open it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tousu.cases.models import Case, Status

from .conftest import act, log_in, log_out, set_field

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

PHONE = "13812345678"


def status_label(status: Status) -> str:
    with translation.override("zh-hans"):
        return str(status.label)


def expect_status(page: Page, status: Status) -> None:
    expect(page.locator("#case-status")).to_contain_text(status_label(status))


def register_phone_complaint(page: Page, site: str) -> tuple[str, str]:
    page.goto(f"{site}/cases/new/")
    set_field(page, "kind", "complaint")
    set_field(page, "channel", "phone")
    set_field(page, "complainants-0-name", "张三")
    set_field(page, "complainants-0-phone", PHONE)
    set_field(page, "respondent_name", "幸福物业管理有限公司")
    set_field(page, "title", "小区电梯长期故障无人维修")
    set_field(page, "content", "幸福小区3号楼电梯停运两周,物业不予维修。")
    set_field(page, "address", "东城区幸福小区3号楼")
    set_field(page, "category", "property")
    page.locator('[name="demands"]').first.fill("尽快修复电梯")
    page.click("#save-case")
    number = page.locator("#case-number").inner_text().strip()
    tracking = page.locator("#tracking-code").inner_text().strip()
    return number, tracking


def assert_not_found(page: Page, case: Case, number: str) -> None:
    assert page.locator(f'a[href$="/cases/{case.pk}/"]').count() == 0
    assert page.locator("tbody tr", has_text=number).count() == 0


def test_a_phone_complaint_goes_round_the_loop_and_unit_b_never_sees_it(
    tab: Page, staff: dict[str, Any], site: str
) -> None:
    # The clerk registers the call and reads out the number and tracking code.
    log_in(tab, site, "clerk")
    number, tracking = register_phone_complaint(tab, site)
    case = Case.objects.get(number=number)
    assert case.tracking_code == tracking
    assert case.channel == "phone"
    assert case.category is not None and case.category.code == "property"
    assert [c.phone for c in case.complainants.all()] == [PHONE]

    # … opens the case, accepts it and dispatches it to unit A.
    tab.click("#case-link")
    tab.wait_for_url(re.compile(rf"/cases/{case.pk}/$"))
    expect_status(tab, Status.REGISTERED)
    act(tab, "accept")
    expect_status(tab, Status.ACCEPTED)
    act(tab, "dispatch", unit="unit-a")
    expect_status(tab, Status.DISPATCHED)
    log_out(tab, site)

    # Unit A's handler finds it in the queue to sign for; the caller's number is nowhere.
    log_in(tab, site, "unit_a_handler")
    tab.goto(f"{site}/q/to_sign/")
    tab.locator(f'a[href$="/cases/{case.pk}/"]').first.click()
    tab.wait_for_url(re.compile(rf"/cases/{case.pk}/$"))
    expect_status(tab, Status.DISPATCHED)
    assert PHONE not in tab.content()
    for shown in tab.locator(".complainant-phone").all_inner_texts():
        assert PHONE not in shown
    act(tab, "sign")
    expect_status(tab, Status.HANDLING)
    act(tab, "submit_result", result="已督促物业修复电梯,3号楼电梯已恢复运行。")
    expect_status(tab, Status.RESULT_SUBMITTED)
    assert PHONE not in tab.content()
    log_out(tab, site)

    # The clerk reviews, replies, calls back (satisfied) and archives.
    log_in(tab, site, "clerk")
    tab.goto(f"{site}/cases/{case.pk}/")
    act(tab, "review", approve=True)
    expect_status(tab, Status.REVIEWED)
    act(tab, "reply", content="您反映的电梯故障已修复。", channel="phone")
    expect_status(tab, Status.REPLIED)
    act(tab, "callback", satisfaction="satisfied")
    expect_status(tab, Status.CLOSED)
    act(tab, "archive")
    expect_status(tab, Status.ARCHIVED)
    case.refresh_from_db()
    assert case.status == Status.ARCHIVED
    assert case.satisfaction == "satisfied"
    log_out(tab, site)

    # Unit B's handler: the number finds nothing, and the case page is a 404.
    log_in(tab, site, "unit_b_handler")
    tab.goto(f"{site}/search/")
    tab.fill('input[name="q"]', number)
    tab.press('input[name="q"]', "Enter")
    tab.wait_for_load_state("networkidle")
    assert_not_found(tab, case, number)
    tab.goto(f"{site}/search/?q={number}")
    assert_not_found(tab, case, number)
    response = tab.goto(f"{site}/cases/{case.pk}/")
    assert response is not None and response.status == 404
