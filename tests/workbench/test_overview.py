"""The leaders' overview: who may open it, today's intake, counts by status, the units' due-soon
and overdue cases, and the cases awaiting this leader's sign-off — in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.conftest import MONDAY
from tests.workbench.search_helpers import client_for, counting_queries
from tests.workflow.helpers import advance, shanghai
from tousu.cases import workflow as wf
from tousu.cases.deadlines import invalidate_policies
from tousu.cases.models import Case, DeadlinePolicy, Status
from tousu.orgs.models import Delegation, Membership, Role, Unit, UnitKind
from tousu.orgs.staff import invalidate_unit_tree
from tousu.workbench.views.overview import UnitLoad

Org = dict[str, Any]
MakeCase = Callable[..., Case]
URL = reverse("workbench:overview")
NOW = MONDAY + timedelta(hours=1)  # Monday 11:00 in Shanghai
LONG_AGO = shanghai(2026, 2, 2)  # its unit deadline (7 working days) passed in February


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def _overdue_at(unit: str, org: Org, make_case: MakeCase) -> Case:
    return advance(make_case(now=LONG_AGO), Status.HANDLING, org, LONG_AGO, unit=unit)


def _due_soon_at(unit: str, org: Org, make_case: MakeCase) -> Case:
    case = advance(make_case(), Status.ACCEPTED, org, MONDAY)
    return wf.dispatch(case, actor=org["clerk"], now=MONDAY, unit=unit, due=date(2026, 3, 3))


def _important_pending(org: Org, make_case: MakeCase, title: str = "重大安全隐患") -> Case:
    friday = MONDAY - timedelta(days=3)
    case = make_case(now=friday, severity="important", title=title)
    return advance(case, Status.PENDING_APPROVAL, org, friday)


@pytest.fixture
def centre_day(org: Org, make_case: MakeCase) -> dict[str, Case]:
    """Three overdue cases (one at A, two at B), one due soon and one fresh at A, four cases
    received today (local day), one received late yesterday, one awaiting sign-off."""
    return {
        "old_a": _overdue_at("unit-a", org, make_case),
        "old_b1": _overdue_at("unit-b", org, make_case),
        "old_b2": _overdue_at("unit-b", org, make_case),
        "soon_a": _due_soon_at("unit-a", org, make_case),
        "fresh_a": advance(make_case(), Status.DISPATCHED, org, MONDAY, unit="unit-a"),
        "visit": make_case(channel="visit", kind="report"),
        "late_yesterday": make_case(now=shanghai(2026, 3, 1, 23, 30)),
        "early_today": make_case(now=shanghai(2026, 3, 2, 0, 30)),
        "important": _important_pending(org, make_case),
    }


def _overview(user: Any) -> Any:
    response = client_for(user).get(URL)
    assert response.status_code == 200
    return response


def _nonzero(tallies: Any) -> dict[str, int]:
    return {t.key: t.count for t in tallies if t.count}


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("director", 200),
        ("deputy", 200),
        ("supervisor", 200),
        ("analyst", 200),
        ("admin", 200),
        ("clerk", 403),
        ("intake_only", 403),
        ("dispatcher", 403),
        ("station_clerk", 403),
        ("unit_a_handler", 403),
        ("unit_a_leader", 403),
        ("unit_b_handler", 403),
        ("nobody", 403),
    ],
)
def test_who_may_open_the_overview(org: Org, username: str, status: int) -> None:
    assert client_for(org[username]).get(URL).status_code == status


def test_anonymous_users_are_sent_to_log_in(db: Any) -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_director_sees_the_centres_numbers(org: Org, centre_day: dict[str, Case]) -> None:
    context = _overview(org["director"]).context
    intake = context["intake"]
    assert (intake["day"], intake["total"]) == (date(2026, 3, 2), 4)
    assert _nonzero(intake["channels"]) == {"phone": 3, "visit": 1}
    assert _nonzero(intake["kinds"]) == {"complaint": 3, "report": 1}
    assert _nonzero(context["statuses"]) == {
        "registered": 3,
        "pending_approval": 1,
        "dispatched": 2,
        "handling": 3,
    }
    assert context["status_total"] == 9
    assert context["units"] == [
        UnitLoad("unit-b", "市市场监督管理局", in_hand=2, due_soon=0, overdue=2),
        UnitLoad("unit-a", "市住房和城乡建设局", in_hand=3, due_soon=1, overdue=1),
    ]
    assert [p.case for p in context["pending"]] == [centre_day["important"]]
    assert context["pending_total"] == 1


def test_the_page_links_each_figure_to_its_cases(org: Org, centre_day: dict[str, Case]) -> None:
    html = _overview(org["director"]).content.decode()
    assert 'href="/search/?received_from=2026-03-02&amp;received_to=2026-03-02"' in html
    assert 'href="/search/?status=handling"' in html
    assert (
        'href="/search/?unit=unit-b&amp;status=dispatched&amp;status=handling&amp;overdue=yes"'
        in html
    )
    assert f'href="/cases/{centre_day["important"].pk}/"' in html


def test_a_deputy_without_delegation_is_not_offered_an_important_sign_off(
    org: Org, make_case: MakeCase
) -> None:
    important = _important_pending(org, make_case)
    deputy = _overview(org["deputy"])
    assert deputy.context["pending"] == []
    assert deputy.context["pending_total"] == 0
    assert f'href="/cases/{important.pk}/"' not in deputy.content.decode()
    assert [p.case for p in _overview(org["director"]).context["pending"]] == [important]


def test_a_delegated_deputy_is_offered_the_important_sign_off(
    org: Org, make_case: MakeCase
) -> None:
    important = _important_pending(org, make_case)
    Delegation.objects.create(
        grantor=org["director"], grantee=org["deputy"], starts_at=MONDAY - timedelta(days=1)
    )
    assert [p.case for p in _overview(org["deputy"]).context["pending"]] == [important]


def test_general_sign_offs_are_offered_to_deputy_and_director(
    org: Org, make_case: MakeCase
) -> None:
    DeadlinePolicy.objects.create(
        name="投诉一律签批", kind="complaint", severity="general", dispatch_needs_signoff=True
    )
    invalidate_policies()
    general = advance(make_case(), Status.PENDING_APPROVAL, org, MONDAY)
    important = _important_pending(org, make_case)
    assert [p.case for p in _overview(org["deputy"]).context["pending"]] == [general]
    director = _overview(org["director"]).context["pending"]
    # Most urgent first: the important case has waited since Friday.
    assert [p.case for p in director] == [important, general]


def test_supervisors_and_analysts_have_no_sign_off_list(org: Org, make_case: MakeCase) -> None:
    _important_pending(org, make_case)
    for username in ("supervisor", "analyst", "admin"):
        response = _overview(org[username])
        assert response.context["signs_off"] is False
        assert 'id="overview-signoff"' not in response.content.decode()
        assert response.context["pending"] == []


def test_an_empty_centre_shows_zeros_and_says_so(org: Org) -> None:
    response = _overview(org["director"])
    assert response.context["intake"]["total"] == 0
    assert response.context["units"] == []
    assert response.context["status_total"] == 0
    assert response.context["pending"] == []


def _more_of_everything(org: Org, make_case: MakeCase) -> None:
    unit_c = Unit.objects.create(code="unit-c", name="市交通运输局", kind=UnitKind.DEPARTMENT)
    invalidate_unit_tree()
    # The test helpers let unit B's handler work the cases of any unit but A.
    Membership.objects.create(user=org["unit_b_handler"], unit=unit_c, role=Role.HANDLER)
    for unit in ("unit-a", "unit-b", "unit-c"):
        _overdue_at(unit, org, make_case)
        _due_soon_at(unit, org, make_case)
    for n in range(6):
        _important_pending(org, make_case, title=f"重要件{n}")
        make_case(kind="consultation", channel="web")


@pytest.mark.parametrize("username", ["director", "deputy"])
def test_the_same_number_of_queries_whatever_the_numbers(
    org: Org, make_case: MakeCase, username: str
) -> None:
    Delegation.objects.create(
        grantor=org["director"], grantee=org["deputy"], starts_at=MONDAY - timedelta(days=1)
    )
    _important_pending(org, make_case)
    _overdue_at("unit-a", org, make_case)
    client = client_for(org[username])
    client.get(URL)  # warm the caches (unit tree, calendar)
    with counting_queries() as few:
        assert len(client.get(URL).context["pending"]) == 1
    _more_of_everything(org, make_case)
    client.get(URL)
    with counting_queries() as many:
        response = client.get(URL)
    assert len(response.context["pending"]) == 7
    assert len(response.context["units"]) == 3
    assert len(few.captured_queries) == len(many.captured_queries)
