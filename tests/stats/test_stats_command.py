"""`tousu stats update|rebuild|check`, and the worker's job that keeps the rollup current."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tousu.cases.models import Case
from tousu.stats.models import Tally
from tousu.worker.jobs import JOBS

Org = dict[str, Any]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue().strip()


def test_update_then_check_finds_no_difference(org: Org, make_case: Callable[..., Case]) -> None:
    make_case()
    make_case()
    assert run("update") == "events=2"
    assert run("check") == "differences=0"


def test_check_names_a_rollup_row_that_is_wrong(org: Org, make_case: Callable[..., Case]) -> None:
    make_case()
    run("update")
    Tally.objects.filter(figure="received").update(n=5)
    out = io.StringIO()
    with pytest.raises(CommandError, match="differences=1"):
        call_command("stats", "check", stdout=out)
    assert "'received'" in out.getvalue()
    assert "rollup 5, recount 1" in out.getvalue()
    assert run("rebuild") == "cases=1"
    assert run("check") == "differences=0"


def test_the_worker_keeps_the_rollup_current() -> None:
    job = next(job for job in JOBS if job.name == "stats-update")
    assert (job.path, job.every) == ("tousu.stats.rollup.update", 10)
