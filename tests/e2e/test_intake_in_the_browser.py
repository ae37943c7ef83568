"""The intake form's own scripts (workbench/intake.js) in a real browser, as the clerk uses them:
the draft kept in localStorage across a reload and dropped once the case is saved, the category
finder, the previews of chosen files (and the server's refusal of a file that is not what it
claims to be), and Ctrl+Enter to save."""

from __future__ import annotations

import re
import struct
import zlib
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import FilePayload, Page, expect

from tousu.cases.models import Case

from .conftest import log_in, log_out, set_field

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

PHONE = "13812345678"
TITLE = "小区电梯长期故障无人维修"
CONTENT = "幸福小区3号楼电梯停运两周,物业不予维修。"


def zh(message: str) -> str:
    """The message as the clerk's page shows it (the site speaks zh-hans)."""
    with translation.override("zh-hans"):
        return gettext(message)


def png_1x1() -> bytes:
    """A valid 1×1 opaque white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\xff\xff")  # filter byte, then one white pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def minimal_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return out


def draft_key(page: Page) -> str:
    key = page.locator("#intake-form").get_attribute("data-draft-key")
    assert key, "the intake form names no draft key"
    return key


def stored_draft(page: Page) -> str | None:
    value = page.evaluate("k => window.localStorage.getItem(k)", draft_key(page))
    return value if isinstance(value, str) else None


def open_intake(page: Page, site: str) -> None:
    response = page.goto(f"{site}/cases/new/")
    assert response is not None and response.status == 200
    page.wait_for_load_state("load")  # intake.js is deferred: its handlers are set by then


def fill_the_call(page: Page) -> None:
    set_field(page, "complainants-0-name", "张三")
    set_field(page, "complainants-0-phone", PHONE)
    set_field(page, "title", TITLE)
    set_field(page, "content", CONTENT)


def test_a_half_typed_intake_survives_a_reload_and_is_forgotten_once_saved(
    tab: Page, staff: dict[str, Any], site: str
) -> None:
    log_in(tab, site, "clerk")
    open_intake(tab, site)
    assert stored_draft(tab) is None
    set_field(tab, "title", TITLE)
    set_field(tab, "content", CONTENT)
    set_field(tab, "complainants-0-phone", PHONE)
    # The draft is written 400 ms after the last keystroke.
    tab.wait_for_function(
        "([k, phone]) => (window.localStorage.getItem(k) || '').includes(phone)",
        arg=[draft_key(tab), PHONE],
    )

    tab.reload()
    tab.wait_for_load_state("load")
    expect(tab.locator("#id_title")).to_have_value(TITLE)
    expect(tab.locator("#id_content")).to_have_value(CONTENT)
    expect(tab.locator("#id_complainants-0-phone")).to_have_value(PHONE)
    expect(tab.locator("#id_complainants-0-name")).to_have_value("")
    notice = tab.locator("#draft-notice")
    expect(notice).to_be_visible()
    template = zh(
        "A draft from {time} was restored. Files are never kept in a draft: choose them again."
    )
    before, after = template.split("{time}")
    expect(notice.locator(".draft-text")).to_have_text(
        re.compile(
            "^" + re.escape(before) + r"\d{1,2}/\d{1,2} \d{2}:\d{2}" + re.escape(after) + "$"
        )
    )

    key = draft_key(tab)
    set_field(tab, "complainants-0-name", "张三")
    tab.click("#save-case")
    number = tab.locator("#case-number").inner_text().strip()
    case = Case.objects.get(number=number)
    assert (case.title, case.content) == (TITLE, CONTENT)
    assert [(c.name, c.phone) for c in case.complainants.all()] == [("张三", PHONE)]
    # The page that reads out the number forgets the draft.
    assert tab.locator("[data-intake-saved]").get_attribute("data-draft-key") == key
    tab.wait_for_function("k => window.localStorage.getItem(k) === null", arg=key)

    open_intake(tab, site)
    assert stored_draft(tab) is None
    expect(tab.locator("#draft-notice")).to_be_hidden()
    expect(tab.locator("#id_title")).to_have_value("")
    expect(tab.locator("#id_content")).to_have_value("")
    expect(tab.locator("#id_complainants-0-phone")).to_have_value("")


def shown_categories(page: Page) -> list[str]:
    return page.locator("#category-list [role=option]:visible").evaluate_all(
        "options => options.map(o => o.dataset.code)"
    )


def test_logging_out_forgets_the_unsaved_draft(tab: Page, staff: dict[str, Any], site: str) -> None:
    log_in(tab, site, "clerk")
    open_intake(tab, site)
    key = draft_key(tab)
    set_field(tab, "complainants-0-phone", PHONE)
    tab.wait_for_function("k => window.localStorage.getItem(k) !== null", arg=key)

    log_out(tab, site)

    # The caller's phone number is not left behind in the browser of a shared computer.
    assert tab.evaluate("k => window.localStorage.getItem(k)", key) is None


def test_a_draft_older_than_twelve_hours_is_dropped_instead_of_restored(
    tab: Page, staff: dict[str, Any], site: str
) -> None:
    log_in(tab, site, "clerk")
    open_intake(tab, site)
    key = draft_key(tab)
    stale = (
        '{"version": 1, "savedAt": %d, "complainants": 1, "demands": 1,'
        ' "values": [["title", "昨天的来电"]]}'
    )
    tab.evaluate(
        "([k, v]) => window.localStorage.setItem(k, v.replace('%d', Date.now() - 13 * 3600e3))",
        [key, stale],
    )

    tab.reload()
    tab.wait_for_load_state("load")

    expect(tab.locator("#id_title")).to_have_value("")
    expect(tab.locator("#draft-notice")).to_be_hidden()
    assert stored_draft(tab) is None


def test_typing_part_of_a_category_name_filters_the_tree_and_enter_chooses_it(
    tab: Page, staff: dict[str, Any], site: str
) -> None:
    log_in(tab, site, "clerk")
    open_intake(tab, site)
    category = tab.locator("#id_category")
    expect(category).to_have_value("")
    # Depth-first in admin order (sort_order, then code): 食品安全, 住房, 住房 › 物业管理.
    assert shown_categories(tab) == ["food", "housing", "property"]

    finder = tab.locator("#category-filter")
    finder.fill("物业")
    assert shown_categories(tab) == ["property"]
    expect(tab.locator("#category-list .active")).to_have_attribute("data-code", "property")
    expect(finder).to_have_attribute("aria-activedescendant", "category-option-3")
    finder.fill("没有这个分类")
    assert shown_categories(tab) == []
    expect(tab.locator(".category-none")).to_have_text(zh("No category matches."))

    finder.fill("物业")
    expect(tab.locator(".category-none")).to_be_hidden()
    finder.press("Enter")
    expect(category).to_have_value("property")
    # The select shows the chosen category, indented under 住房, and the tree marks it.
    assert category.evaluate("s => s.options[s.selectedIndex].text") == "\u3000物业管理"
    chosen = tab.locator("#category-list [role=option][aria-selected=true]")
    expect(chosen).to_have_count(1)
    expect(chosen).to_have_attribute("data-code", "property")
    expect(chosen.locator(".category-name")).to_have_text("物业管理")
    expect(chosen.locator(".category-path")).to_have_text("住房")

    # Saved, the case carries the chosen category.
    fill_the_call(tab)
    tab.click("#save-case")
    case = Case.objects.get(number=tab.locator("#case-number").inner_text().strip())
    assert case.category is not None and case.category.code == "property"


def test_a_chosen_png_and_pdf_get_previews_and_a_fake_png_and_an_exe_are_refused_on_saving(
    tab: Page, staff: dict[str, Any], site: str
) -> None:
    png = png_1x1()
    pdf = minimal_pdf()
    log_in(tab, site, "clerk")
    open_intake(tab, site)
    files = tab.locator("#id_attachments")
    files.set_input_files(
        [
            FilePayload(name="photo.png", mimeType="image/png", buffer=png),
            FilePayload(name="scan.pdf", mimeType="application/pdf", buffer=pdf),
        ]
    )
    previews = tab.locator("#attachment-previews > li.preview")
    expect(previews).to_have_count(2)
    thumbnail = previews.nth(0).locator("img")
    expect(thumbnail).to_have_attribute("alt", "photo.png")
    expect(thumbnail).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    # The browser decoded it: a real 1×1 thumbnail, not the fallback icon.
    expect(thumbnail).to_have_js_property("naturalWidth", 1)
    expect(previews.nth(0).locator(".file-icon")).to_have_count(0)
    expect(previews.nth(0).locator(".file-name")).to_have_text("photo.png · 1 KB")
    expect(previews.nth(1).locator("img")).to_have_count(0)
    expect(previews.nth(1).locator(".file-icon")).to_have_text("PDF")
    expect(previews.nth(1).locator(".file-icon")).to_have_class("file-icon pdf")
    expect(previews.nth(1).locator(".file-name")).to_have_text("scan.pdf · 1 KB")
    assert files.evaluate("i => Array.from(i.files).map(f => f.name)") == [
        "photo.png",
        "scan.pdf",
    ]

    # Two more: text that claims to be a PNG and a program. Chosen ones add to the list; the page
    # cannot draw the fake PNG (its preview falls back to an icon) and warns about neither.
    files.set_input_files(
        [
            FilePayload(name="fake.png", mimeType="image/png", buffer=b"not an image at all\n"),
            FilePayload(
                name="setup.exe", mimeType="application/x-msdownload", buffer=b"MZ\x90\x00" * 64
            ),
        ]
    )
    expect(previews).to_have_count(4)
    expect(previews.nth(2).locator("img")).to_have_count(0)
    expect(previews.nth(2).locator(".file-icon")).to_have_text("PNG")
    expect(previews.nth(3).locator(".file-icon")).to_have_text("EXE")
    expect(previews.nth(3).locator(".file-name")).to_have_text("setup.exe · 1 KB")
    expect(tab.locator("#dropzone .error")).to_have_count(0)

    # The server reads every file's content and refuses the case with the two impostors named.
    fill_the_call(tab)
    with tab.expect_navigation():
        tab.click("#save-case")
    refused = zh("this type of file is not accepted (images, PDF, Office documents, audio)")
    with translation.override("zh-hans"):
        expected = [
            gettext("%(name)s: %(problem)s") % {"name": name, "problem": refused}
            for name in ("fake.png", "setup.exe")
        ]
    expected.append(
        zh("The files you chose are not kept when the form is shown again: choose them again.")
    )
    expect(tab.locator("#dropzone .error")).to_have_text(expected)
    expect(tab.locator(".error-summary strong")).to_have_text(
        zh("The case was not saved. Please correct the marked fields.")
    )
    expect(tab.locator("#attachment-previews > li")).to_have_count(0)
    expect(tab.locator("#id_title")).to_have_value(TITLE)
    assert Case.objects.count() == 0


def test_ctrl_enter_in_the_matter_text_saves_the_case(
    tab: Page, staff: dict[str, Any], site: str
) -> None:
    log_in(tab, site, "clerk")
    open_intake(tab, site)
    fill_the_call(tab)
    tab.locator("[name=demands]").first.fill("尽快修复电梯")
    tab.focus("#id_content")
    with tab.expect_navigation(url=re.compile(r"/cases/new/done/\d+/$")):
        tab.keyboard.press("Control+Enter")
    case = Case.objects.get()
    expect(tab.locator("#case-number")).to_have_text(case.number)
    expect(tab.locator("#tracking-code")).to_have_text(case.tracking_code)
    assert (case.title, case.content) == (TITLE, CONTENT)
    assert [(d.position, d.text) for d in case.demands.all()] == [(1, "尽快修复电梯")]
