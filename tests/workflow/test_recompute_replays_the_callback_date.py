"""The callback 回访 falls due working days after the reply; counted into a year the calendar did
not know yet, its date was provisional. When the year is published, a case still waiting for its
callback (replied) gets the date the workflow would have given it on the real calendar — from the
reply, or from the last attempt that could not reach the complainant — recorded like every
recomputed deadline. A case no longer waiting for a callback keeps its old date as it is.

Hand counts: replied on Wednesday 2026-12-30, 3 working days on the 2027 fallback (Jan 1 off) end
on Tue Jan 5; with Mon Jan 4 a day off as well, on Wed Jan 6. An unreachable attempt on Thursday
2026-12-31 is due again the next working day: Mon Jan 4 on the fallback, Tue Jan 5 once Jan 4 is
off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tests.unknown_year import require_2027_unknown
from tests.workflow.helpers import advance, end_of, fresh, shanghai, verbs_of
from tousu.calendar.models import CalendarOverride, PublishedYear
from tousu.cases import workflow as wf
from tousu.cases.models import Case, CaseEvent, Status
from tousu.cases.recompute import recompute

Org = dict[str, Any]
MakeCase = Callable[..., Case]
HANDLED_ON = shanghai(2026, 12, 1)  # every other deadline of the case falls in 2026
REPLIED_ON = shanghai(2026, 12, 30)
TRIED_ON = shanghai(2026, 12, 31)
NOW = shanghai(2026, 12, 31, 15)  # when the administrator publishes 2027


@pytest.fixture(autouse=True)
def _2027_is_not_known_yet() -> None:
    require_2027_unknown()


def publish_2027_with_january_4_off() -> None:
    CalendarOverride.objects.create(day=date(2027, 1, 4), is_workday=False, note="假设调休")
    PublishedYear.objects.create(year=2027, note="国办发明电〔2026〕")


def replied_on_december_30(org: Org, make_case: MakeCase) -> Case:
    case = advance(make_case(now=HANDLED_ON), Status.REVIEWED, org, HANDLED_ON)
    wf.reply(case, actor=org["clerk"], now=REPLIED_ON, content="已整改完毕", channel="phone")
    assert (case.callback_due, case.current_due) == (end_of(2027, 1, 5), end_of(2027, 1, 5))
    assert case.deadline_provisional is True
    return case


def test_publishing_2027_moves_a_provisional_callback_date_and_records_it(
    org: Org, make_case: MakeCase
) -> None:
    case = replied_on_december_30(org, make_case)
    publish_2027_with_january_4_off()

    outcome = recompute(date(2027, 1, 1), actor=None, now=NOW)

    assert (outcome.examined, outcome.changed, outcome.conflicts) == (1, [case.pk], [])
    stored = fresh(case)
    assert (stored.status, stored.version) == (Status.REPLIED, case.version + 1)
    assert (stored.callback_due, stored.current_due) == (end_of(2027, 1, 6), end_of(2027, 1, 6))
    # Two working days of warning: from Thursday Dec 31 either way (Jan 1 and Jan 4 are off).
    assert (stored.warn_at, stored.deadline_provisional) == (shanghai(2026, 12, 31, 0), False)
    event = CaseEvent.objects.get(case=case, verb="recompute_deadlines")
    assert (event.from_status, event.to_status) == (Status.REPLIED, Status.REPLIED)
    assert event.data == {
        "since": "2027-01-01",
        "old": {
            "callback_due": "2027-01-05T15:59:59+00:00",
            "current_due": "2027-01-05T15:59:59+00:00",
            "deadline_provisional": True,
        },
        "new": {
            "callback_due": "2027-01-06T15:59:59+00:00",
            "current_due": "2027-01-06T15:59:59+00:00",
            "deadline_provisional": False,
        },
    }
    again = recompute(date(2027, 1, 1), actor=None, now=NOW)
    assert (again.examined, again.changed) == (1, [])


def test_after_an_unreachable_attempt_the_next_day_is_counted_on_the_published_calendar(
    org: Org, make_case: MakeCase
) -> None:
    case = replied_on_december_30(org, make_case)
    wf.callback(case, actor=org["clerk"], now=TRIED_ON, satisfaction="unreachable")
    assert (case.status, case.callback_due) == (Status.REPLIED, end_of(2027, 1, 4))
    publish_2027_with_january_4_off()

    recompute(date(2027, 1, 1), actor=None, now=NOW)

    stored = fresh(case)
    assert (stored.callback_due, stored.current_due) == (end_of(2027, 1, 5), end_of(2027, 1, 5))
    assert stored.deadline_provisional is False


def test_a_case_sent_back_to_the_unit_keeps_its_old_callback_date(
    org: Org, make_case: MakeCase
) -> None:
    case = replied_on_december_30(org, make_case)
    wf.callback(case, actor=org["clerk"], now=TRIED_ON, satisfaction="dissatisfied", note="未修好")
    assert case.status == Status.HANDLING
    publish_2027_with_january_4_off()

    recompute(date(2027, 1, 1), actor=None, now=NOW)

    stored = fresh(case)
    assert stored.callback_due == end_of(2027, 1, 5)  # as it was: no callback is waited for now
    event = CaseEvent.objects.get(case=case, verb="recompute_deadlines")  # its unit's clock moved
    assert "callback_due" not in event.data["new"]
    assert verbs_of(case)[-1] == "recompute_deadlines"
