"""A purge is resumable and idempotent: a run stopped part-way (here by --limit; a kill rolls
back the case in hand) is simply run again and goes on with the cases left; a case is purged
once, however often the command runs; a case reopened meanwhile is skipped."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from time_machine import TimeMachineFixture

from tests.confidentiality.helpers import PURGE_AT, ended_case
from tests.workbench.case_helpers import NOW
from tousu.cases import retention
from tousu.cases.models import Case, CaseEvent

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def three(org: dict[str, Any], make_case: MakeCase, time_machine: TimeMachineFixture) -> list[Case]:
    time_machine.move_to(NOW, tick=False)
    cases = [ended_case(make_case, org) for _ in range(3)]
    time_machine.move_to(PURGE_AT, tick=False)
    return cases


def purge(*args: str) -> list[str]:
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue().splitlines()


def purged() -> list[int]:
    return sorted(CaseEvent.objects.filter(verb="purge").values_list("case_id", flat=True))


def test_a_run_in_portions_goes_on_where_the_last_stopped(three: list[Case]) -> None:
    first = purge("--limit", "2", "--batch", "1")
    second = purge("--batch", "1")

    assert [line.split()[1] for line in first[:-1]] == [c.number for c in three[:2]]
    assert first[-1].endswith("purged=2")
    assert [line.split()[1] for line in second[:-1]] == [three[2].number]
    assert purged() == [c.pk for c in three]


def test_a_second_run_finds_nothing_to_do(three: list[Case]) -> None:
    purge()
    events = CaseEvent.objects.count()

    again = purge()

    assert again == ["cases ended before 2027-03-03: purged=0"]
    assert CaseEvent.objects.count() == events
    assert purged() == [c.pk for c in three]


def test_a_failure_inside_a_case_leaves_that_case_untouched_and_a_new_run_finishes(
    three: list[Case],
) -> None:
    with (
        mock.patch.object(retention, "_redact_events", side_effect=RuntimeError("killed")),
        pytest.raises(RuntimeError),
    ):
        purge()

    assert purged() == []
    assert Case.objects.get(pk=three[0].pk).complainants.get().phone == "13812345678"
    assert Case.objects.get(pk=three[0].pk).attachments.count() == 2
    purge()
    assert purged() == [c.pk for c in three]


def test_a_case_reopened_after_it_was_listed_is_skipped(
    org: dict[str, Any], three: list[Case]
) -> None:
    from tousu.cases import workflow as wf

    ids = iter(three)
    real = retention._purge_one

    def reopen_then_purge(case_id: int, *args: Any) -> Any:
        case = next(ids)
        if case.pk == three[1].pk:
            Case.objects.filter(pk=case.pk).update(status="closed")
            wf.reopen(
                Case.objects.get(pk=case.pk), actor=org["deputy"], now=PURGE_AT, reason="重新办理"
            )
        return real(case_id, *args)

    with mock.patch.object(retention, "_purge_one", side_effect=reopen_then_purge):
        purge()

    assert purged() == [three[0].pk, three[2].pk]
    assert Case.objects.get(pk=three[1].pk).complainants.get().name == "张三"
