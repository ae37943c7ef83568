"""In a real browser: the strict Content Security Policy blocks nothing on the main pages (so no
page relies on an inline script, handler or style), no page throws a script error, and the
keyboard shortcut "g n" opens the intake form."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page

from tousu.cases.models import Case

from .conftest import log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

# Runs in every document before its own scripts (Playwright injects it outside the page's CSP).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


class Problems:
    """CSP violations and script errors seen by a page, page by page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.location.get("url", "").endswith("/favicon.ico"):
            return  # the browser asks for one on its own; no page links to it
        if message.type == "error" or "Content Security Policy" in message.text:
            self.console.append(message.text)

    def visit(self, url: str) -> list[str]:
        """Load the page, let its scripts run, and list what went wrong."""
        self.console.clear()
        self.errors.clear()
        response = self.page.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response}"
        self.page.wait_for_load_state("networkidle")
        violations = self.page.evaluate("window.__csp")
        return [*violations, *self.console, *self.errors]


@pytest.fixture
def problems(browser_context: BrowserContext, tab: Page) -> Problems:
    browser_context.add_init_script(RECORD_VIOLATIONS)
    return Problems(tab)


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    return make_case()


def test_the_login_page_breaks_no_rule_of_the_policy(problems: Problems, site: str) -> None:
    assert problems.visit(f"{site}/login/") == []


@pytest.mark.parametrize(
    "path",
    ["/", "/q/to_accept/", "/cases/new/", "/cases/{pk}/", "/search/?q={number}"],
    ids=["workbench", "queue", "intake", "case", "search"],
)
def test_the_clerks_pages_break_no_rule_of_the_policy(
    problems: Problems, site: str, staff: dict[str, Any], case: Case, path: str
) -> None:
    log_in(problems.page, site, "clerk")
    assert problems.visit(site + path.format(pk=case.pk, number=case.number)) == []


def test_the_case_page_of_a_unit_breaks_no_rule_of_the_policy(
    problems: Problems, site: str, staff: dict[str, Any], case: Case
) -> None:
    from tousu.cases import workflow

    from ..conftest import MONDAY

    workflow.accept(case, actor=staff["clerk"], now=MONDAY)
    workflow.dispatch(case, actor=staff["clerk"], now=MONDAY, unit="unit-a")
    log_in(problems.page, site, "unit_a_handler")
    assert problems.visit(f"{site}/cases/{case.pk}/") == []


def test_g_then_n_on_the_workbench_opens_the_intake_form(
    tab: Page, site: str, staff: dict[str, Any]
) -> None:
    log_in(tab, site, "clerk")
    tab.goto(f"{site}/")
    tab.evaluate("document.activeElement && document.activeElement.blur()")
    tab.keyboard.press("g")
    tab.keyboard.press("n")
    tab.wait_for_url(re.compile(r"/cases/new/$"))
    assert tab.locator("#save-case").count() == 1
