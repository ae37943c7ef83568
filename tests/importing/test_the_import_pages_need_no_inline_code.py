"""The import pages keep the workbench's strict Content Security Policy: no inline script, no
inline style, no event handler attribute — the progress is polled by htmx attributes, and a
browser without JavaScript refreshes the page (a <meta> in <noscript>)."""

from __future__ import annotations

from typing import Any

from tests.workbench.test_csp import inline_code
from tousu.intake.importing import jobs
from tousu.intake.importing.models import ImportJob

from .helpers import BAD_PHONE, GOOD, xlsx_bytes
from .workbench_helpers import client_for, job_id, upload


def test_every_import_page_is_free_of_inline_code(org: dict[str, Any]) -> None:
    client = client_for(org["clerk"])
    pk = job_id(upload(client, "cases.xlsx", xlsx_bytes([GOOD[0], BAD_PHONE])))
    pages = {"upload": client.get("/imports/"), "preview": client.get(f"/imports/{pk}/")}
    client.post(f"/imports/{pk}/start/")
    pages["queued"] = client.get(f"/imports/{pk}/")
    pages["progress"] = client.get(f"/imports/{pk}/progress/")
    assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 200)
    assert {name: inline_code(r.content.decode()) for name, r in pages.items()} == {
        key: [] for key in pages
    }
    assert (
        '<noscript><meta http-equiv="refresh" content="5"></noscript>'
        in pages["queued"].content.decode()
    )
    for response in pages.values():
        assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_finished_import_stops_polling(org: dict[str, Any]) -> None:
    client = client_for(org["clerk"])
    pk = job_id(upload(client, "cases.xlsx", xlsx_bytes(GOOD)))
    client.post(f"/imports/{pk}/start/")
    jobs.run(pk, clock=lambda: ImportJob.objects.get(pk=pk).created_at)
    page = client.get(f"/imports/{pk}/").content.decode()
    assert "hx-trigger" not in page
    assert "http-equiv" not in page
