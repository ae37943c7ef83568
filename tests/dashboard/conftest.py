"""The dashboards read the hand-walked October 2026 of tests/stats/history.py, with the clock on
the 2nd of November (the overdue cases are counted as they are then)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine

from tests.stats.history import NOW, walk
from tousu.cases.models import Case

Org = dict[str, Any]


@pytest.fixture(autouse=True)
def _the_clock_on_the_2nd_of_november() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def october(org: Org, make_case: Callable[..., Case]) -> dict[str, Case]:
    """The month walked; the dashboards count its events on their first request."""
    return walk(org, make_case)
