"""A suspended case has no running deadline: the pass neither reminds nor escalates it however
long the suspension lasts; once resumed, its deadline is moved by the working days suspended and
it is chased from that new deadline."""

from __future__ import annotations

from typing import Any

from tests.supervision.conftest import automatic, pass_at
from tests.workflow.helpers import end_of, shanghai
from tousu.cases import workflow as wf
from tousu.cases.models import Case, Escalation
from tousu.supervision.passes import Summary


def test_a_suspended_case_is_not_chased_and_resumes_with_its_days(
    org: dict[str, Any], before_national_day: Case
) -> None:
    case = before_national_day
    wf.suspend(case, actor=org["deputy"], now=shanghai(2026, 9, 29), reason="等待司法鉴定")
    for day in ((2026, 10, 1), (2026, 10, 10), (2026, 10, 20), (2026, 11, 2)):
        assert pass_at(*day) == Summary()
    assert automatic(case) == []
    # Resumed on Monday 2 November: the deadline moves by the working days spent suspended
    # (`resume`), to Tuesday 3 November, and the case is chased from there.
    wf.resume(case, actor=org["deputy"], now=shanghai(2026, 11, 2))
    case.refresh_from_db()
    assert case.current_due == end_of(2026, 11, 3)
    assert pass_at(2026, 11, 3, hour=23) == Summary(warned=1)  # the new deadline's last day
    assert pass_at(2026, 11, 4) == Summary(reminded=1)
    assert Escalation.objects.filter(case=case).count() == 0
