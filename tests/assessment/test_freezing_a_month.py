"""Freezing a month's ranking: once, unless forced; never a month not over; by the command
`tousu assessment freeze --month YYYY-MM [--force]` and by the worker on the
`TOUSU_ASSESSMENT_FREEZE_DAY`th of the next month."""

from __future__ import annotations

import inspect
import logging
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.stats.history import NOW
from tests.workflow.helpers import shanghai
from tousu.assessment import ranking
from tousu.assessment.models import Ranking, RankingRow, Scheme
from tousu.cases.models import Case
from tousu.cli import main
from tousu.worker.jobs import JOBS

from .helpers import october_scheme

OCTOBER_1ST = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _in_english() -> Any:
    with translation.override("en"):
        yield


def _stored() -> list[tuple[Any, ...]]:
    return list(RankingRow.objects.order_by("position").values_list("unit__code", "score", "rank"))


def test_a_month_is_frozen_once_and_again_only_when_forced(october: dict[str, Case]) -> None:
    scheme = october_scheme()
    first = ranking.freeze(OCTOBER_1ST, NOW)
    assert first.ranking is not None and first.units == 2
    assert (first.ranking.scheme, first.ranking.computed_at) == (scheme, NOW)
    assert _stored() == [("unit-b", Decimal("100.00"), 1), ("unit-a", Decimal("71.00"), 2)]
    later = shanghai(2026, 11, 20)
    assert ranking.freeze(OCTOBER_1ST, later).ranking is None
    assert Ranking.objects.get().computed_at == NOW
    forced = ranking.freeze(OCTOBER_1ST, later, force=True)
    assert forced.ranking is not None
    assert (Ranking.objects.count(), Ranking.objects.get().computed_at) == (1, later)
    # Unit A's two cases are overdue longer, still two cases: the same scores.
    assert _stored() == [("unit-b", Decimal("100.00"), 1), ("unit-a", Decimal("71.00"), 2)]


def test_a_month_not_over_cannot_be_frozen(october: dict[str, Case]) -> None:
    october_scheme()
    with pytest.raises(ranking.CannotFreeze, match="2026-11 is not over yet"):
        ranking.freeze(date(2026, 11, 1), NOW)
    with pytest.raises(ranking.CannotFreeze):
        ranking.freeze(OCTOBER_1ST, shanghai(2026, 10, 31, 23, 59))
    assert not Ranking.objects.exists()


def test_a_month_without_a_scheme_cannot_be_frozen(october: dict[str, Case]) -> None:
    Scheme.objects.all().delete()
    with pytest.raises(ranking.CannotFreeze, match="No assessment scheme applies to 2026-10"):
        ranking.freeze(OCTOBER_1ST, NOW)


def test_the_command_freezes_and_says_so(
    october: dict[str, Case], capsys: pytest.CaptureFixture[str]
) -> None:
    october_scheme()
    with time_machine.travel(NOW, tick=False):
        call_command("assessment", "freeze", "--month", "2026-10")
        call_command("assessment", "freeze", "--month", "2026-10")
        main(["assessment", "freeze", "--month", "2026-10", "--force"])
        with pytest.raises(CommandError, match="2026-11 is not over yet"):
            call_command("assessment", "freeze", "--month", "2026-11")
        with pytest.raises(CommandError, match="not a month YYYY-MM: '2026-13'"):
            call_command("assessment", "freeze", "--month", "2026-13")
    assert capsys.readouterr().out.splitlines() == [
        "frozen 2026-10: units=2 scheme=2026年10月方案 (2026-10)",
        "2026-10 is frozen already (--force computes it again)",
        "frozen 2026-10: units=2 scheme=2026年10月方案 (2026-10)",
    ]


def test_the_worker_freezes_last_month_on_the_fifth(october: dict[str, Case]) -> None:
    october_scheme()
    assert ranking.freeze_due(shanghai(2026, 11, 4, 23, 59)) is None
    assert not Ranking.objects.exists()
    assert ranking.freeze_due(shanghai(2026, 11, 5, 0, 5)) == "2026-10"
    assert ranking.freeze_due(shanghai(2026, 11, 5, 1, 5)) is None
    assert list(Ranking.objects.values_list("month", "computed_at")) == [
        (OCTOBER_1ST, shanghai(2026, 11, 5, 0, 5))
    ]


def test_the_freeze_day_is_a_setting(settings: Any, october: dict[str, Case]) -> None:
    october_scheme()
    settings.TOUSU_ASSESSMENT_FREEZE_DAY = 2
    assert ranking.freeze_due(NOW) == "2026-10"


def test_the_worker_logs_a_month_it_cannot_freeze(
    october: dict[str, Case], caplog: pytest.LogCaptureFixture
) -> None:
    Scheme.objects.all().delete()
    with caplog.at_level(logging.WARNING, logger="tousu.assessment"):
        assert ranking.freeze_due(shanghai(2026, 11, 5)) is None
    assert caplog.messages == ["assessment: No assessment scheme applies to 2026-10."]


def test_the_job_is_in_the_worker_table() -> None:
    job = next(j for j in JOBS if j.name == "assessment-freeze")
    assert (job.path, job.every, job.lease) == ("tousu.assessment.ranking.freeze_due", 3600, 900)
    assert list(inspect.signature(ranking.freeze_due).parameters) == ["now"]
