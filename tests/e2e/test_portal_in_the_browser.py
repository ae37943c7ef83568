"""The citizen portal in a real browser, on a phone (390×844) and on a desktop (1366×768): submit
a case with the category finder and a photo → the receipt → track it → see its progress. No
request leaves the site and the strict CSP blocks nothing. With the challenge on, the ALTCHA
widget (our own static copy) solves its proof of work in the browser."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Browser, FilePayload, Page, expect

from tousu.cases import tracking
from tousu.cases.models import Attachment, Case

from .conftest import TIMEOUT_MS
from .test_intake_in_the_browser import png_1x1, zh

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

PHONE = (390, 844)
DESKTOP = (1366, 768)


@pytest.fixture
def notice(transactional_db: Any) -> None:
    """The default privacy notice, as its data migration writes it (a flush removed it)."""
    seed = importlib.import_module("tousu.portal.migrations.0002_default_privacy_notice")
    seed.forwards(django_apps, None)


def _page(chromium: Browser, size: tuple[int, int], site: str) -> tuple[Page, list[str]]:
    width, height = size
    context = chromium.new_context(
        viewport={"width": width, "height": height},
        locale="zh-CN",
        is_mobile=size == PHONE,
        has_touch=size == PHONE,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text) if m.type == "error" or "Security Policy" in m.text else None
        ),
    )
    page.on(
        "request",
        lambda r: None if r.url.startswith((site, "data:", "blob:")) else problems.append(r.url),
    )
    return page, problems


def _fill_and_submit(page: Page, site: str) -> None:
    page.goto(f"{site}/portal/")
    page.click("#start-submit")
    page.check('input[name="kind"][value="complaint"]')
    page.fill("#category-query", "物业")
    page.locator('#category-found input[value="property"]').check()  # htmx brought the choices
    page.fill("#id_title", "小区门口路灯坏了一个月")
    page.fill("#id_content", "幸福小区东门的路灯坏了一个月，晚上很黑。")
    page.fill("#id_address", "东城区幸福小区东门")
    page.fill("#id_name", "李四")
    page.fill("#id_phone", "13912345678")
    page.set_input_files(
        "#id_attachments",
        files=[FilePayload(name="路灯.png", mimeType="image/png", buffer=png_1x1())],
    )
    expect(page.locator("#previews img")).to_have_count(1)  # a preview, read as a data: URL
    page.check("#id_consent")


def _receipt(page: Page) -> dict[str, str]:
    expect(page).to_have_url(re.compile(r".*/portal/receipt/$"))
    return {
        key: page.locator(f'[data-receipt="{key}"]').inner_text().strip()
        for key in ("number", "tracking_code", "password")
    }


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_submit_receipt_track_and_progress(
    chromium: Browser, site: str, org: dict[str, Any], notice: None, settings: Any, size: Any
) -> None:
    settings.TOUSU_PORTAL_CHALLENGE = False
    page, problems = _page(chromium, size, site)
    _fill_and_submit(page, site)
    if size == PHONE:  # nothing wider than the phone's screen
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    page.click("#submit-case")
    shown = _receipt(page)
    case = Case.objects.get()
    assert (shown["number"], shown["tracking_code"]) == (case.number, case.tracking_code)
    assert tracking.check_password(case.query_password, shown["password"])
    assert Attachment.objects.filter(case=case).count() == 1
    page.click("a[href='/portal/track/']")
    page.fill("#id_code", shown["tracking_code"])
    page.fill("#id_password", shown["password"])
    page.click("#track-submit")
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "received")
    expect(page.locator('[data-step="received"]')).to_have_attribute("aria-current", "step")
    expect(page.locator('[data-progress="workdays_left"]')).to_be_visible()
    page.reload()  # the case stays bound to this browser, the password is not asked again
    expect(page.locator("[data-stage]")).to_have_attribute("data-stage", "received")
    assert problems == []
    page.context.close()


def test_the_challenge_widget_solves_in_the_browser(
    chromium: Browser, site: str, org: dict[str, Any], notice: None, settings: Any
) -> None:
    settings.TOUSU_PORTAL_CHALLENGE = True
    settings.ALTCHA_CHALLENGE = {"cost": 100, "expires_seconds": 600}
    page, problems = _page(chromium, DESKTOP, site)
    _fill_and_submit(page, site)
    widget = page.locator("altcha-widget")
    expect(widget).to_contain_text(zh("I am a person, not a program"))  # ours, translated
    page.locator("altcha-widget input[type=checkbox]").click(force=True)  # its tick covers it
    # Solved in a Web Worker: the widget then puts the payload in its hidden field.
    page.wait_for_function(
        "() => (document.querySelector('input[name=\"altcha\"]') || {}).value", timeout=30_000
    )
    page.click("#submit-case")
    _receipt(page)
    assert Case.objects.count() == 1
    assert problems == []
    page.context.close()
