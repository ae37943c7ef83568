"""In a real browser: the director's dashboard of October 2026 draws every chart (ECharts from
the project's static files) without a script error or a CSP violation, and a number of the
league table opens the cases behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.stats.history import walk
from tousu.cases.models import Case

from .conftest import log_in
from .test_csp_and_keyboard import RECORD_VIOLATIONS, Problems

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

OCTOBER = "/dashboard/?from=2026-10-01&to=2026-10-31"
CHARTS = ("trend", "categories", "channels", "kinds", "hot", "league", "overdue", "satisfaction")


@pytest.fixture
def problems(browser_context: BrowserContext, tab: Page) -> Problems:
    browser_context.add_init_script(RECORD_VIOLATIONS)
    return Problems(tab)


@pytest.fixture
def october(staff: dict[str, Any], make_case: Callable[..., Case]) -> dict[str, Case]:
    return walk(staff, make_case)


def test_every_chart_is_drawn_without_an_error(
    problems: Problems, site: str, october: dict[str, Case]
) -> None:
    page = problems.page
    log_in(page, site, "director")
    assert problems.visit(site + OCTOBER) == []
    for key in CHARTS:
        chart = page.locator(f"#chart-{key}")
        chart.locator("canvas").first.wait_for(state="attached")
        assert chart.is_visible(), key
        box = chart.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100, (key, box)
    # Nothing was asked of another site.
    outside = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith(location.origin))"
    )
    assert outside == []


def test_a_number_of_the_league_table_opens_its_cases(
    problems: Problems, site: str, october: dict[str, Case]
) -> None:
    page = problems.page
    log_in(page, site, "director")
    page.goto(site + OCTOBER)
    with page.expect_navigation():
        page.click('#table-league tr[data-key="unit-a"] td[data-column="completed"] a')
    assert "/dashboard/cases/" in page.url
    numbers = page.locator("#case-list td.number").all_inner_texts()
    assert sorted(n.strip() for n in numbers) == sorted(
        october[name].number for name in ("exactly_due", "extended", "reworked_twice", "suspended")
    )
