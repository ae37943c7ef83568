"""`--as USER` registers as that staff user, who must be allowed to register cases at the
centre; anyone else — a handling unit's staff, an unknown name — is refused before any row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError

from tousu.cases.models import Case

from .helpers import GOOD, csv_bytes, run_import, write


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as", "unit_a_handler"), "only centre staff may register cases"),
        (("--as", "intake_only", "--centre", "unit-a"), "centre: no centre has this code"),
        (
            ("--as", "station_clerk", "--centre", "centre"),
            "you may not register cases for this centre",
        ),
        (("--as", "ghost"), "no active user named 'ghost'"),
        (("--centre", "nowhere"), "centre: no centre has this code"),
    ],
)
def test_who_may_not_register_cases_there_imports_nothing(
    org: dict[str, Any], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    path = write(tmp_path, "cases.csv", csv_bytes(GOOD))
    with pytest.raises(CommandError) as refused:
        run_import(path, *args)
    assert str(refused.value) == message
    assert Case.objects.count() == 0


def test_the_public_centre_setting_chooses_the_system_users_centre(
    org: dict[str, Any], tmp_path: Path, settings: Any
) -> None:
    settings.TOUSU_PUBLIC_CENTRE = "station-east"
    path = write(tmp_path, "cases.csv", csv_bytes(GOOD[:1]))
    assert run_import(path)[-1] == "imported=1 rejected=0"
    assert Case.objects.get().centre == org["station"]
