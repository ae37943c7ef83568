"""The one access gate: which cases a user sees, and how much of the complainant (第十条)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import MONDAY
from tests.workflow.helpers import ALL_USERS, advance, fresh, snapshot
from tousu.cases import workflow as wf
from tousu.cases.access import IdentityAccess, get_case_for, identity_access, visible_cases
from tousu.cases.errors import NotAllowed
from tousu.cases.models import Assignment, Case, Status

Org = dict[str, Any]
MakeCase = Callable[..., Case]
LATER = MONDAY + timedelta(hours=2)

CENTRE_STAFF = ("clerk", "intake_only", "dispatcher", "deputy", "director", "supervisor", "analyst")
UNIT_STAFF = ("unit_a_handler", "unit_a_leader", "unit_b_handler", "unit_b_leader")


def _ids(cases: Any) -> set[int]:
    return set(cases.values_list("pk", flat=True))


@pytest.mark.parametrize("username", ALL_USERS)
def test_who_sees_cases_registered_at_the_centre_and_at_the_station(
    org: Org, make_case: MakeCase, username: str
) -> None:
    centre_case = make_case(title="中心受理")
    station_case = make_case(actor=org["station_clerk"], title="投诉站受理")
    assert (centre_case.centre_id, station_case.centre_id) == (
        org["centre"].pk,
        org["station"].pk,
    )
    expected = {
        **{username: {centre_case.pk, station_case.pk} for username in CENTRE_STAFF},
        "admin": {centre_case.pk, station_case.pk},
        "station_clerk": {station_case.pk},
        **{username: set() for username in UNIT_STAFF},
        "nobody": set(),
    }
    assert _ids(visible_cases(org[username])) == expected[username]


def test_a_unit_sees_only_the_cases_dispatched_to_it_after_sign_off(
    org: Org, make_case: MakeCase
) -> None:
    to_a = advance(make_case(title="转A"), Status.DISPATCHED, org, MONDAY, unit="unit-a")
    to_b = advance(make_case(title="转B"), Status.DISPATCHED, org, MONDAY, unit="unit-b")
    important = make_case(title="重要件转A", severity="important")
    advance(important, Status.PENDING_APPROVAL, org, MONDAY, unit="unit-a")
    advance(make_case(title="已受理未转办"), Status.ACCEPTED, org, MONDAY)
    make_case(title="未受理")

    for username in ("unit_a_handler", "unit_a_leader"):
        assert _ids(visible_cases(org[username])) == {to_a.pk}
    for username in ("unit_b_handler", "unit_b_leader"):
        assert _ids(visible_cases(org[username])) == {to_b.pk}

    wf.approve(important, actor=org["director"], now=LATER, approve=True)
    assert _ids(visible_cases(org["unit_a_handler"])) == {to_a.pk, important.pk}
    assert _ids(visible_cases(org["unit_b_handler"])) == {to_b.pk}


def test_a_station_case_dispatched_by_the_centre_reaches_the_unit(
    org: Org, make_case: MakeCase
) -> None:
    case = make_case(actor=org["station_clerk"])
    wf.accept(case, actor=org["station_clerk"], now=MONDAY)
    # The station has no dispatcher of its own; the centre's dispatcher reaches the station.
    wf.dispatch(case, actor=org["clerk"], now=LATER, unit="unit-a")
    assert _ids(visible_cases(org["unit_a_handler"])) == {case.pk}
    assert _ids(visible_cases(org["station_clerk"])) == {case.pk}


def test_get_case_for_finds_only_visible_cases(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.DISPATCHED, org, MONDAY, unit="unit-a")
    assert get_case_for(org["unit_a_handler"], case.pk).pk == case.pk
    assert get_case_for(org["clerk"], case.pk).pk == case.pk
    for username in ("unit_b_handler", "nobody", "station_clerk"):
        with pytest.raises(Case.DoesNotExist):
            get_case_for(org[username], case.pk)


def test_a_deactivated_user_sees_nothing(org: Org, make_case: MakeCase) -> None:
    make_case()
    get_user_model().objects.filter(username="clerk").update(is_active=False)
    clerk = get_user_model().objects.get(username="clerk")
    assert list(visible_cases(clerk)) == []


# --- how much of the complainant --------------------------------------------------------------


@pytest.mark.parametrize("username", [*CENTRE_STAFF, "admin"])
def test_centre_staff_see_the_complainant_masked(
    org: Org, make_case: MakeCase, username: str
) -> None:
    case = make_case()
    assert identity_access(org[username], case) is IdentityAccess.MASKED


def test_the_station_sees_its_own_complainants_masked(org: Org, make_case: MakeCase) -> None:
    case = make_case(actor=org["station_clerk"])
    assert identity_access(org["station_clerk"], case) is IdentityAccess.MASKED


def test_the_handling_unit_does_not_learn_who_complained(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    for username in ("unit_a_handler", "unit_a_leader"):
        assert identity_access(org[username], case) is IdentityAccess.HIDDEN


def test_disclosing_the_identity_lets_the_unit_see_it_masked(org: Org, make_case: MakeCase) -> None:
    case = advance(make_case(), Status.HANDLING, org, MONDAY)
    wf.disclose_identity(case, actor=org["deputy"], now=LATER, reason="需当面核实电梯故障情况")
    stored = fresh(case)
    assert list(
        Assignment.objects.filter(case=case).values_list("unit_id", "identity_disclosed")
    ) == [(org["unit_a"].pk, True)]
    assert stored.status == Status.HANDLING
    for username in ("unit_a_handler", "unit_a_leader"):
        assert identity_access(org[username], stored) is IdentityAccess.MASKED
    assert identity_access(org["clerk"], stored) is IdentityAccess.MASKED


def test_the_identity_of_an_anonymous_case_cannot_be_disclosed(
    org: Org, make_case: MakeCase
) -> None:
    case = advance(make_case(anonymous=True, complainants=[]), Status.HANDLING, org, MONDAY)
    before = snapshot(case)
    with pytest.raises(NotAllowed) as refused:
        wf.disclose_identity(case, actor=org["director"], now=LATER, reason="需要核实")
    assert refused.value.status == Status.HANDLING
    assert snapshot(case) == before
    assert identity_access(org["unit_a_handler"], case) is IdentityAccess.HIDDEN
