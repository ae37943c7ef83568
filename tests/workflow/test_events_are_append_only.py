"""The event log is append-only: no save of an existing row, and no bulk update or delete through
the ORM either. Deleting a case (or a user) still works: the case's events go with it, and a
deleted user's events keep their place without a name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import MONDAY
from tests.workflow.helpers import advance, verbs_of
from tousu.cases.models import Case, CaseEvent, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]


def test_a_bulk_update_of_events_is_refused_and_changes_nothing(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case()
    with pytest.raises(TypeError, match="append-only"):
        CaseEvent.objects.filter(case=case).update(note="改写")
    assert list(CaseEvent.objects.filter(case=case).values_list("verb", "note")) == [
        ("register", "")
    ]


def test_a_bulk_delete_of_events_is_refused_and_changes_nothing(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    with pytest.raises(TypeError, match="append-only"):
        CaseEvent.objects.filter(case=case).delete()
    with pytest.raises(TypeError, match="append-only"):
        CaseEvent.objects.get(case=case, verb="accept").delete()
    assert verbs_of(case) == ["register", "accept"]


def test_a_bulk_rewrite_of_loaded_events_is_refused(org: Org, make_case: MakeCase) -> None:
    case = make_case()
    events = list(CaseEvent.objects.filter(case=case))
    events[0].note = "改写"
    with pytest.raises(TypeError, match="append-only"):
        CaseEvent.objects.bulk_update(events, ["note"])
    assert CaseEvent.objects.get(case=case).note == ""


def test_saving_an_existing_event_again_is_refused(org: Org, make_case: MakeCase) -> None:
    event = CaseEvent.objects.get(case=make_case())
    event.note = "改写"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_deleting_a_case_still_removes_its_events(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    other = make_case(title="另一件")
    Case.objects.filter(pk=case.pk).delete()
    assert list(CaseEvent.objects.values_list("case_id", flat=True)) == [other.pk]


def test_deleting_a_user_keeps_their_events_without_a_name(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    org["clerk"].delete()
    assert list(
        CaseEvent.objects.filter(case=case).order_by("id").values_list("verb", "actor_id")
    ) == [("register", None), ("accept", None)]
