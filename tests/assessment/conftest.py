from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tousu.cases.models import Case
from tousu.stats import rollup

from ..stats.history import NOW, walk


@pytest.fixture
def october(org: dict[str, Any], make_case: Callable[..., Case]) -> dict[str, Case]:
    """The hand-walked October 2026 of tests/stats/history.py, counted as of 2 November."""
    cases = walk(org, make_case)
    rollup.catch_up(NOW)
    return cases
