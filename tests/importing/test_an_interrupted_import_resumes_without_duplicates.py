"""A worker killed in the middle of an import leaves it running with a heartbeat that stops;
the page then offers to resume it, and the resumed import registers only the rows not yet
registered, with counts that add up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import translation

from tests.conftest import MONDAY
from tousu.cases.models import Case
from tousu.intake.importing import jobs
from tousu.intake.importing.models import ImportJob

from .helpers import BAD_PHONE, GOOD, xlsx_bytes
from .workbench_helpers import client_for, job_id, upload

NOW = MONDAY + timedelta(hours=1)
THIRD = ("路灯不亮", "幸福路路灯坏了一个月。", "投诉", "孙七", "13600002222", "", "")


class Killed(BaseException):
    """What SIGKILL does to the worker, as far as the database sees it: nothing more happens."""


def test_a_resumed_import_registers_the_rest_and_counts_right(
    org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(org["clerk"])
    with time_machine.travel(NOW, tick=False):
        pk = job_id(upload(client, "cases.xlsx", xlsx_bytes([GOOD[0], BAD_PHONE, GOOD[1], THIRD])))
        jobs.confirm(ImportJob.objects.get(pk=pk), NOW)
    real = jobs.import_row
    calls: list[int] = []

    def dies_on_the_third_good_row(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            raise Killed
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "import_row", dies_on_the_third_good_row)
    with pytest.raises(Killed):
        jobs.run(pk, clock=lambda: NOW)
    monkeypatch.setattr(jobs, "import_row", real)
    job = ImportJob.objects.get(pk=pk)
    assert (job.state, job.imported, job.processed, Case.objects.count()) == ("running", 2, 2, 2)

    later = NOW + jobs.STALE_AFTER - timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert "import-resume" not in client.get(f"/imports/{pk}/").content.decode()
        assert not jobs.confirm(job, later)
    stale = NOW + jobs.STALE_AFTER + timedelta(seconds=1)
    with time_machine.travel(stale, tick=False):
        page = client.get(f"/imports/{pk}/").content.decode()
        assert "The import was interrupted" in page
        assert 'id="import-resume"' in page
        assert jobs.confirm(job, stale)
    assert jobs.run(pk, clock=lambda: stale) == "imported=3 skipped=0 rejected=1"
    job = ImportJob.objects.get(pk=pk)
    assert (job.state, job.processed, job.valid) == ("done", 3, 3)
    assert sorted(Case.objects.values_list("title", flat=True)) == [
        "小区电梯长期故障无人维修",
        "菜市场缺斤短两",
        "路灯不亮",
    ]


def test_an_import_whose_uploader_lost_the_right_fails_and_registers_nothing(
    org: dict[str, Any],
) -> None:
    client = client_for(org["intake_only"])
    pk = job_id(upload(client, "cases.xlsx", xlsx_bytes(GOOD)))
    jobs.confirm(ImportJob.objects.get(pk=pk), NOW)
    org["intake_only"].memberships.all().delete()
    with translation.override("en"):
        assert jobs.run(pk, clock=lambda: NOW) == "refused"
    job = ImportJob.objects.get(pk=pk)
    assert (job.state, job.error, job.imported) == (
        "failed",
        "you may not register cases for this centre",
        0,
    )
    assert Case.objects.count() == 0
