"""How long personal data is kept: TOUSU_RETENTION_DAYS by default; `--older-than` in days,
weeks, months or years may ask for longer, never for shorter; `tousu purge` runs it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from time_machine import TimeMachineFixture

from tests.confidentiality.helpers import PURGE_AT, ended_case
from tests.workbench.case_helpers import NOW
from tousu.cases import retention
from tousu.cases.models import Case, CaseEvent
from tousu.cli import main

MakeCase = Callable[..., Case]
AT = datetime(2030, 3, 31, 4, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def ended(org: dict[str, Any], make_case: MakeCase, time_machine: TimeMachineFixture) -> Case:
    time_machine.move_to(NOW, tick=False)
    case = ended_case(make_case, org)
    time_machine.move_to(PURGE_AT, tick=False)
    return case


@pytest.mark.parametrize(
    ("text", "cutoff"),
    [
        ("3y", datetime(2027, 3, 31, 4, 0, tzinfo=UTC)),
        ("18m", datetime(2028, 9, 30, 4, 0, tzinfo=UTC)),
        ("1m", datetime(2030, 2, 28, 4, 0, tzinfo=UTC)),
        ("6w", datetime(2030, 2, 17, 4, 0, tzinfo=UTC)),
        ("400d", datetime(2029, 2, 24, 4, 0, tzinfo=UTC)),
        ("400", datetime(2029, 2, 24, 4, 0, tzinfo=UTC)),
        (" 2Y ", datetime(2028, 3, 31, 4, 0, tzinfo=UTC)),
    ],
)
def test_an_age_is_days_weeks_months_or_years(text: str, cutoff: datetime) -> None:
    assert retention.parse_age(text).before(AT) == cutoff


@pytest.mark.parametrize("text", ["", "3x", "-3y", "0d", "y", "3 years", "1.5y"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(retention.BadAge):
        retention.parse_age(text)


def test_a_period_shorter_than_the_configured_retention_is_refused_and_nothing_changes(
    ended: Case, settings: Any
) -> None:
    settings.TOUSU_RETENTION_DAYS = 5 * 365

    with pytest.raises(CommandError, match="TOUSU_RETENTION_DAYS"):
        call_command("purge_personal_data", "--older-than", "3y", stdout=StringIO())

    assert not CaseEvent.objects.filter(verb="purge").exists()
    assert Case.objects.get(pk=ended.pk).complainants.get().name == "张三"


def test_the_configured_retention_is_the_default(ended: Case, settings: Any) -> None:
    settings.TOUSU_RETENTION_DAYS = 5 * 365
    out = StringIO()

    call_command("purge_personal_data", stdout=out)

    assert out.getvalue() == "cases ended before 2025-03-03: purged=0\n"


def test_a_longer_period_keeps_what_ended_within_it(ended: Case) -> None:
    out = StringIO()

    call_command("purge_personal_data", "--older-than", "5y", stdout=out)

    assert out.getvalue() == "cases ended before 2025-03-02: purged=0\n"
    assert not CaseEvent.objects.filter(verb="purge").exists()


def test_tousu_purge_runs_the_command(ended: Case, capsys: pytest.CaptureFixture[str]) -> None:
    main(["purge", "--older-than", "3y", "--dry-run"])

    assert capsys.readouterr().out.splitlines() == [
        f"would purge {ended.number} (ended 2026-03-02): 1 complainants, 2 files",
        "cases ended before 2027-03-02: would purge=1 (dry run: nothing written)",
    ]
