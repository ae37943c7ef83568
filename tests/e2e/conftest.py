"""End-to-end fixtures: pytest-django's live server, Debian's Chromium driven by Playwright, and
the named staff of tests/conftest.py with real passwords, so that they log in through the form.

No browser is ever downloaded: the tests use /usr/lib/chromium/chromium (`.ci/run` installs the
Debian package when it is missing). Without it they fail, with a message that says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = Path("/usr/lib/chromium/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORD = "Tousu-e2e-2026!"
# Playwright waits at most this long for a page or an element (ms).
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Chromium for one test module. Playwright's sync API keeps an event loop alive in this
    thread, which Django's ORM refuses to run beside unless told it is safe: it is (the ORM is
    used synchronously, the loop only drives the browser). Restored when the module is done."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the end-to-end tests need Debian's "
            "chromium package (`apt-get install -y chromium fonts-noto-cjk`; .ci/run does it). "
            "Never `playwright install`.",
            pytrace=False,
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            launched = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Named apart from pytest-playwright's own browser/context/page fixtures, which would download
# and parametrise browsers.
@pytest.fixture
def browser_context(chromium: Browser) -> Iterator[BrowserContext]:
    ctx = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def tab(browser_context: BrowserContext) -> Page:
    return browser_context.new_page()


@pytest.fixture
def staff(org: dict[str, Any]) -> dict[str, Any]:
    """The named people of `org`, each able to log in with PASSWORD."""
    for user in org["users"].values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return org


@pytest.fixture
def site(live_server: Any) -> str:
    return str(live_server.url)


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/login/" not in page.url, f"{username} could not log in: still on {page.url}"


def log_out(page: Page, site: str) -> None:
    with page.expect_navigation():
        page.click("form[action$='/logout/'] button[type=submit]")
    page.goto(f"{site}/")
    assert "/login/" in page.url, f"still logged in after logging out: {page.url}"


TRUE_VALUES = ("true", "1", "yes", "on", "True")


def set_field(page: Page, name: str, value: str | bool, scope: str = "") -> None:
    """Give the control named `name` (inside `scope`, a CSS selector) this value, whatever kind of
    control the page uses for it: select, radio buttons, checkbox, text, or a hidden input behind
    a widget (a category tree, say)."""
    selector = f'{scope} [name="{name}"]'.strip()
    field = page.locator(selector).first
    field.wait_for(state="attached")
    tag, kind = field.evaluate("e => [e.tagName.toLowerCase(), (e.type || '').toLowerCase()]")
    if tag == "select":
        if isinstance(value, bool):
            options = field.evaluate("e => Array.from(e.options).map(o => o.value)")
            wanted = [o for o in options if (o in TRUE_VALUES) == value and o != ""]
            field.select_option(wanted[0])
        else:
            field.select_option(value)
    elif kind == "radio":
        if isinstance(value, bool):
            radios = page.locator(selector)
            for i in range(radios.count()):
                radio = radios.nth(i)
                if ((radio.get_attribute("value") or "") in TRUE_VALUES) == value:
                    radio.check()
                    return
            raise AssertionError(f"no radio button {name} for {value}")
        page.locator(f'{selector}[value="{value}"]').check()
    elif kind == "checkbox":
        field.set_checked(bool(value) and value not in ("false", "0"))
    elif kind == "hidden":
        field.evaluate("(e, v) => { e.value = v; }", str(value))
    else:
        field.fill(str(value))


def act(page: Page, verb: str, **fields: str | bool) -> None:
    """Use the case page's form for this verb (form#form-<verb>, opened from its <details> if it
    sits in one), fill its fields, submit with #submit-<verb> and wait for the page to settle."""
    summary = page.locator(f"#action-{verb} > summary")
    if summary.count() and not page.locator(f"#action-{verb}").evaluate("e => e.open"):
        summary.click()
    form = page.locator(f"form#form-{verb}")
    assert form.count() == 1, f"the case page offers no form#form-{verb} ({page.url})"
    for name, value in fields.items():
        set_field(page, name, value, scope=f"form#form-{verb}")
    page.click(f"#submit-{verb}")
    page.wait_for_load_state("networkidle")
    errors = page.locator(f"form#form-{verb} .error, form#form-{verb} [role=alert]")
    if errors.count():
        raise AssertionError(f"{verb} refused: {errors.all_inner_texts()}")
