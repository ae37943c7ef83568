"""`tousu supervise` and `tousu manage supervise` run one pass now and end with the counts."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from tests.workflow.helpers import shanghai
from tousu import cli
from tousu.cases.models import Case, CaseEvent


def test_the_management_command_runs_a_pass_and_prints_the_counts(
    org: dict[str, Any], before_national_day: Case
) -> None:
    out = StringIO()
    with time_machine.travel(shanghai(2026, 10, 10), tick=False):
        call_command("supervise", stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "supervision pass: warned 0, reminded 1, escalated 1, raised 0, skipped 0"
    )
    assert CaseEvent.objects.filter(case=before_national_day, verb="escalate").count() == 1


def test_tousu_supervise_twice_adds_nothing_the_second_time(
    org: dict[str, Any],
    before_national_day: Case,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # In-process: the management command itself, without Django's command-line entry point
    # (which closes the test's database connection when it is done).
    monkeypatch.setattr(cli, "_manage", lambda *args: call_command(*args))
    with time_machine.travel(shanghai(2026, 10, 1), tick=False):
        cli.main(["supervise"])
        cli.main(["supervise"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == [
        "supervision pass: warned 0, reminded 1, escalated 0, raised 0, skipped 0",
        "supervision pass: warned 0, reminded 0, escalated 0, raised 0, skipped 0",
    ]
