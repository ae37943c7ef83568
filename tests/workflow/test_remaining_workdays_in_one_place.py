""" "Working days left" is counted in one place, `calendar.services.remaining_workdays`: the case
lists, the export and the API all show what it says (here it is made to say 42, and nothing
else may come out)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.http import QueryDict

from tests.conftest import MONDAY
from tousu.calendar import services
from tousu.cases import deadlines
from tousu.cases.models import Case
from tousu.lib.workdays import WorkCalendar
from tousu.workbench import export, listing

Org = dict[str, Any]
MakeCase = Callable[..., Case]


@pytest.fixture
def forty_two(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    asked: list[datetime] = []

    def remaining(now: datetime, due: datetime, cal: WorkCalendar | None = None) -> int:
        asked.append(due)
        return 42

    monkeypatch.setattr(services, "remaining_workdays", remaining)
    return asked


def test_the_case_list_counts_through_the_one_function(
    org: Org, make_case: MakeCase, forty_two: list[datetime]
) -> None:
    case = make_case()
    page = listing.build(Case.objects.all(), QueryDict(), MONDAY)
    assert [row.remaining for row in page.rows] == [42]
    assert forty_two == [case.current_due]


def test_the_export_counts_through_the_one_function(
    org: Org, make_case: MakeCase, forty_two: list[datetime]
) -> None:
    case = make_case()
    column = next(c for c in export._columns(MONDAY, None) if c.value.__name__ == "remaining")
    assert column.value(case) == 42


def test_a_case_without_a_running_clock_has_no_remaining_days_and_asks_nothing(
    org: Org, make_case: MakeCase, forty_two: list[datetime]
) -> None:
    case = make_case()
    case.current_due = None
    assert deadlines.remaining_workdays(case, MONDAY) is None
    assert forty_two == []
