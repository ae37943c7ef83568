"""The workbench's import in a real browser (Debian's Chromium): upload, the preview with the bad
cell marked, confirm, and the progress box that htmx polls until the import is done."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.e2e.conftest import browser_context, chromium, log_in, site, staff, tab
from tousu.cases.models import Case
from tousu.intake.importing import jobs
from tousu.intake.importing.models import ImportJob

from .helpers import BAD_PHONE, GOOD, xlsx_bytes

__all__ = ["browser_context", "chromium", "site", "staff", "tab"]  # the fixtures used here

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_clerk_imports_a_workbook_and_watches_it_finish(
    tab: Page, staff: dict[str, Any], site: str, tmp_path: Any
) -> None:
    log_in(tab, site, "clerk")
    tab.goto(f"{site}/imports/")
    data = xlsx_bytes([GOOD[0], BAD_PHONE, GOOD[1]])
    tab.set_input_files("#id_file", {"name": "三月来信.xlsx", "mimeType": XLSX, "buffer": data})
    with tab.expect_navigation():
        tab.click("#import-form button[type=submit]")

    bad = tab.locator('tr[data-row="3"] td.cell-bad[data-column="phone"]')
    assert bad.get_attribute("aria-invalid") == "true"
    assert bad.locator(".value").inner_text() == "12345"
    assert tab.locator("td.cell-bad").count() == 1
    tab.screenshot(path=str(tmp_path / "preview.png"), full_page=True)

    with tab.expect_navigation():
        tab.click("#import-confirm")
    tab.wait_for_selector('#import-progress[data-state="queued"]')
    job = ImportJob.objects.get()
    # The worker's task, run here; the page's next poll shows the result.
    assert jobs.run(job.pk, clock=timezone.now) == "imported=2 skipped=0 rejected=1"
    tab.wait_for_selector('#import-progress[data-state="done"]')
    assert tab.locator("#import-bar").get_attribute("value") == "2"
    assert tab.locator("#import-errors").is_visible()
    assert Case.objects.count() == 2
