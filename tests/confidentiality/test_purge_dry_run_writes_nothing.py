"""`tousu purge --dry-run` lists the cases it would anonymise, and writes nothing at all: no row
changes, no event, no file removed."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from time_machine import TimeMachineFixture

from tests.confidentiality.helpers import PURGE_AT, ended_case
from tests.workbench.case_helpers import NOW
from tousu.cases.models import Case

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def everything(media: Path) -> dict[str, Any]:
    """Every row of every table (their stored values), and every file."""
    rows = {
        model._meta.label: sorted(
            map(
                repr,
                model._base_manager.values_list(*[f.attname for f in model._meta.concrete_fields]),
            )
        )
        for model in apps.get_models()
    }
    files = {str(p): p.read_bytes() for p in sorted(media.rglob("*")) if p.is_file()}
    return {"rows": rows, "files": files}


def test_a_dry_run_lists_the_cases_and_changes_nothing(
    org: dict[str, Any],
    make_case: MakeCase,
    media: Path,
    time_machine: TimeMachineFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    time_machine.move_to(NOW, tick=False)
    first = ended_case(make_case, org)
    second = ended_case(make_case, org, to="closed")
    make_case()  # open
    time_machine.move_to(PURGE_AT, tick=False)
    before = everything(media)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("purge_personal_data", "--dry-run", stdout=out)

    assert out.getvalue().splitlines() == [
        f"would purge {first.number} (ended 2026-03-02): 1 complainants, 2 files",
        f"would purge {second.number} (ended 2026-03-02): 1 complainants, 2 files",
        "cases ended before 2027-03-03: would purge=2 (dry run: nothing written)",
    ]
    assert callbacks == []
    assert everything(media) == before
