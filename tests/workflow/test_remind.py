"""催办: the centre's supervisor or a leader presses whoever holds the case; the status and the
deadlines stay as they are, the event says to whom and about which deadline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, fresh, snapshot
from tousu.cases import workflow as wf
from tousu.cases.errors import Forbidden, InvalidInput, NotAllowed
from tousu.cases.models import Case, CaseEvent, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]
NOW = MONDAY + timedelta(hours=1)


def test_the_supervisor_reminds_the_unit_holding_the_case(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    before = fresh(case)
    assert before.current_due is not None
    wf.remind(case, actor=org["supervisor"], now=NOW, note="请尽快答复诉求人")
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert (event.verb, event.actor_id, event.note) == (
        "remind",
        org["supervisor"].pk,
        "请尽快答复诉求人",
    )
    assert (event.from_status, event.to_status) == (Status.HANDLING, Status.HANDLING)
    assert event.data == {
        "unit": "unit-a",
        "due": before.current_due.isoformat(),
        "automatic": False,
    }
    after = fresh(case)
    assert (after.status, after.version, after.current_due) == (
        Status.HANDLING,
        before.version + 1,
        before.current_due,
    )


def test_a_case_waiting_at_the_centre_is_reminded_to_the_centre(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    wf.remind(case, actor=org["deputy"], now=NOW)
    assert CaseEvent.objects.filter(case=case).latest("id").data["unit"] is None


@pytest.mark.parametrize("username", ["clerk", "dispatcher", "analyst", "unit_a_leader", "nobody"])
def test_others_may_not_remind_and_nothing_changes(
    org: Org, make_case: MakeCase, username: str
) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(Forbidden):
        wf.remind(case, actor=org[username], now=NOW, note="催一下")
    assert snapshot(case) == before


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.CLOSED])
def test_no_reminder_before_acceptance_or_after_closing(
    org: Org, make_case: MakeCase, status: str
) -> None:
    case = advance(make_case(), status, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(NotAllowed) as refused:
        wf.remind(case, actor=org["supervisor"], now=NOW)
    assert refused.value.status == status
    assert snapshot(case) == before


def test_a_note_that_is_not_text_is_refused_naming_the_field(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        wf.remind(case, actor=org["supervisor"], now=NOW, note=["催办"])
    assert list(refused.value.fields) == ["note"]
    assert snapshot(case) == before
