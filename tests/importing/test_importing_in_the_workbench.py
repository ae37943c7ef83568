"""The workbench's import: upload, a preview with the bad cells marked, confirm, the import run
by the background worker's task queue (the database queue, as `tousu worker` runs it), counts."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tousu.cases.models import Case
from tousu.intake.importing.models import ImportJob
from tousu.worker.runner import task_worker

from .helpers import BAD_PHONE, GOOD, xlsx_bytes
from .workbench_helpers import client_for, job_id, preview_cells, upload

PHONE_PROBLEM = (
    "is not a phone number: give a mobile (13812345678), a landline with its area code "
    "(010-12345678), a 400/800 number or an international number starting with +"
)


def test_upload_preview_confirm_and_the_worker_imports(
    reference_data: None, org: dict[str, Any]
) -> None:
    client = client_for(org["clerk"])
    uploaded = upload(client, "三月来信.xlsx", xlsx_bytes([GOOD[0], BAD_PHONE, GOOD[1]]))
    assert uploaded.status_code == 302
    pk = job_id(uploaded)

    page = client.get(f"/imports/{pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    cells = preview_cells(html)
    assert cells[(3, "phone")] == (True, "12345" + PHONE_PROBLEM)
    assert cells[(2, "phone")] == (False, "13812345678")
    assert [key for key, (bad, _text) in cells.items() if bad] == [(3, "phone")]
    assert "2 rows will be imported" in html
    assert "1 row has problems and will not be imported" in html
    assert Case.objects.count() == 0

    confirmed = client.post(f"/imports/{pk}/start/")
    assert confirmed["Location"] == f"/imports/{pk}/"
    assert ImportJob.objects.get(pk=pk).state == "queued"
    waiting = client.get(f"/imports/{pk}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' in waiting
    assert "Waiting for the background worker" in waiting

    worker = task_worker("test-worker", batch=True)
    assert worker is not None
    worker.run()

    job = ImportJob.objects.get(pk=pk)
    assert (job.state, job.total, job.valid, job.processed) == ("done", 3, 2, 2)
    assert (job.imported, job.skipped, job.rejected) == (2, 0, 1)
    assert sorted(Case.objects.values_list("title", "registered_by__username", "centre__code")) == [
        ("小区电梯长期故障无人维修", "clerk", "centre"),
        ("菜市场缺斤短两", "clerk", "centre"),
    ]
    done = client.get(f"/imports/{pk}/progress/").content.decode()
    assert "hx-trigger" not in done
    assert "Import finished" in done
    assert '<progress id="import-bar" max="2" value="2">100%</progress>' in done
    assert reverse("workbench:import_errors", args=[pk]) in done


def test_confirming_twice_queues_the_import_once(org: dict[str, Any]) -> None:
    from django_tasks_db.models import DBTaskResult

    client = client_for(org["clerk"])
    pk = job_id(upload(client, "cases.xlsx", xlsx_bytes(GOOD)))
    client.post(f"/imports/{pk}/start/")
    client.post(f"/imports/{pk}/start/")
    assert DBTaskResult.objects.count() == 1
    assert ImportJob.objects.get(pk=pk).state == "queued"


def test_a_file_that_cannot_be_read_is_named_on_the_form(org: dict[str, Any]) -> None:
    client = client_for(org["clerk"])
    page = upload(client, "cases.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    assert page.status_code == 422
    assert (
        "this is an old Excel file (.xls): save it as .xlsx or .csv and try again"
        in page.content.decode()
    )
    assert ImportJob.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(org: dict[str, Any], settings: Any) -> None:
    settings.TOUSU_IMPORT_MAX_BYTES = 1024 * 1024
    client = client_for(org["clerk"])
    page = upload(client, "big.csv", b"x" * (1024 * 1024 + 1))
    assert page.status_code == 422
    assert "is larger than 1 MB" in page.content.decode()
    assert ImportJob.objects.count() == 0


def test_discarding_a_checked_file_forgets_it(org: dict[str, Any]) -> None:
    client = client_for(org["clerk"])
    pk = job_id(upload(client, "cases.xlsx", xlsx_bytes(GOOD)))
    assert client.post(f"/imports/{pk}/discard/")["Location"] == "/imports/"
    assert (ImportJob.objects.count(), Case.objects.count()) == (0, 0)


def test_the_list_of_recent_imports_costs_the_same_queries_for_one_or_ten(
    org: dict[str, Any],
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(org["clerk"])
    upload(client, "cases.xlsx", xlsx_bytes(GOOD))
    with CaptureQueriesContext(connection) as one:
        assert client.get("/imports/").status_code == 200
    for _ in range(9):
        upload(client, "cases.xlsx", xlsx_bytes(GOOD))
    with CaptureQueriesContext(connection) as ten:
        html = client.get("/imports/").content.decode()
    assert html.count('<tr id="import-') == 10
    assert len(ten) == len(one)


def test_the_preview_marks_the_rows_imported_before(org: dict[str, Any], tmp_path: Any) -> None:
    from .helpers import run_import, write

    run_import(write(tmp_path, "cases.xlsx", xlsx_bytes(GOOD[:1])), "--as", "clerk")
    number = Case.objects.get().number
    client = client_for(org["clerk"])
    pk = job_id(upload(client, "cases.xlsx", xlsx_bytes(GOOD)))
    html = client.get(f"/imports/{pk}/").content.decode()
    assert "1 row was imported before and will be skipped" in html
    assert "1 row will be imported" in html
    assert '<tr data-row="2" class="earlier">' in html
    assert f"imported before as {number}" in html
    job = ImportJob.objects.get(pk=pk)
    assert (job.total, job.valid, job.skipped, job.rejected) == (2, 1, 1, 0)
