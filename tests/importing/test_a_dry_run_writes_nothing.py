"""`--dry-run` checks every row as the import would and writes nothing: the same lines, the
rows that would be imported counted, and not one row in any table."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import time_machine

from tests.conftest import MONDAY
from tousu.cases.models import Case, CaseEvent, Complainant
from tousu.intake.models import InboundMessage

from .helpers import BAD_PHONE, GOOD, csv_bytes, run_import, write

NOW = MONDAY + timedelta(hours=1)


def test_a_dry_run_reports_what_would_happen_and_changes_nothing(
    org: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, "cases.csv", csv_bytes([GOOD[0], BAD_PHONE, GOOD[1]]))
    with time_machine.travel(NOW, tick=False):
        lines = run_import(path, "--dry-run")
    assert lines[0].startswith("row 3: phone (联系电话): is not a phone number")
    assert lines[1:] == ["dry run: nothing was written", "imported=2 rejected=1"]
    counts = (
        Case.objects.count(),
        CaseEvent.objects.count(),
        Complainant.objects.count(),
        InboundMessage.objects.count(),
    )
    assert counts == (0, 0, 0, 0)


def test_a_dry_run_after_the_import_finds_every_row_imported(
    org: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, "cases.csv", csv_bytes(GOOD))
    with time_machine.travel(NOW, tick=False):
        run_import(path)
        lines = run_import(path, "--dry-run")
    first, second = Case.objects.order_by("pk").values_list("number", flat=True)
    assert lines == [
        f"row 2: already imported as {first}",
        f"row 3: already imported as {second}",
        "skipped=2 (already imported)",
        "dry run: nothing was written",
        "imported=0 rejected=0",
    ]
    assert Case.objects.count() == 2
