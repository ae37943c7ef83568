"""Revealing the complainant in full is for the centre's clerks, dispatchers, deputies and
director only; it needs a reason, is logged as an event every time (without changing the status),
shows the identity in that one response only and never to a handling unit, analyst or
supervisor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.api.helpers import advance
from tests.workbench.case_helpers import (
    HTMX,
    ID_NUMBER,
    MASKED_PHONE,
    NAME,
    NOW,
    PHONE,
    case_url,
    client_for,
    field_errors,
    fresh,
    snapshot,
)
from tousu.cases import workflow as wf
from tousu.cases.disclosure import reveal_identity
from tousu.cases.errors import Forbidden, InvalidInput, NotAllowed
from tousu.cases.models import Case, CaseEvent, Status

MakeCase = Callable[..., Case]
AUTHORISED = ["clerk", "dispatcher", "deputy", "director"]


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def reveal_url(case: Case) -> str:
    return reverse("workbench:reveal", args=[case.pk])


def reveals(case: Case) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case, verb="reveal_identity").order_by("id"))


# --- the domain function ------------------------------------------------------------------------


@pytest.mark.parametrize("username", AUTHORISED)
def test_the_centre_staff_get_the_complainants_in_full_and_the_reveal_is_logged(
    org: dict[str, Any], make_case: MakeCase, username: str
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    before = fresh(case)

    people = reveal_identity(case, actor=org[username], now=NOW, reason="回访需核对身份")

    assert [(p.name, p.phone, p.id_number) for p in people] == [(NAME, PHONE, ID_NUMBER)]
    [event] = reveals(case)
    assert (event.actor, event.at, event.note) == (org[username], NOW, "回访需核对身份")
    assert (event.from_status, event.to_status) == (Status.HANDLING, Status.HANDLING)
    after = fresh(case)
    assert (after.status, after.version) == (before.status, before.version)


@pytest.mark.parametrize(
    "username", ["unit_a_handler", "unit_a_leader", "analyst", "supervisor", "station_clerk"]
)
def test_everyone_else_is_refused_and_nothing_is_logged(
    org: dict[str, Any], make_case: MakeCase, username: str
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    wf.disclose_identity(case, actor=org["deputy"], now=NOW, reason="需联系诉求人")

    with pytest.raises(Forbidden):
        reveal_identity(case, actor=org[username], now=NOW, reason="想看看")

    assert reveals(case) == []


@pytest.mark.parametrize("reason", ["", "   ", None, 42, "长" * 501])
def test_a_reveal_needs_a_reason(org: dict[str, Any], make_case: MakeCase, reason: Any) -> None:
    case = make_case()

    with pytest.raises(InvalidInput) as refused:
        reveal_identity(case, actor=org["clerk"], now=NOW, reason=reason)

    assert list(refused.value.fields) == ["reason"]
    assert reveals(case) == []


def test_an_anonymous_case_has_nothing_to_reveal(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case(anonymous=True, complainants=[])

    with pytest.raises(NotAllowed):
        reveal_identity(case, actor=org["clerk"], now=NOW, reason="核实")

    assert reveals(case) == []


def test_a_reveal_is_no_transition(org: dict[str, Any]) -> None:
    assert "reveal_identity" not in wf.TRANSITIONS
    assert "reveal_identity" not in wf.VERBS


# --- the page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", AUTHORISED)
def test_the_page_offers_the_reveal_to_the_authorised(
    org: dict[str, Any], make_case: MakeCase, username: str
) -> None:
    html = client_for(org[username]).get(case_url(make_case())).content.decode()

    assert '<form id="form-reveal" method="post"' in html
    assert '<textarea name="reason" cols="40" rows="2" maxlength="500"' in html


@pytest.mark.parametrize("username", ["analyst", "supervisor", "unit_a_handler"])
def test_the_page_does_not_offer_the_reveal_to_others(
    org: dict[str, Any], make_case: MakeCase, username: str
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    wf.disclose_identity(case, actor=org["deputy"], now=NOW, reason="需联系诉求人")

    html = client_for(org[username]).get(case_url(case)).content.decode()

    assert 'id="form-reveal"' not in html


def test_the_reveal_shows_the_full_identity_in_that_response_only(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    client = client_for(org["clerk"])

    response = client.post(reveal_url(case), {"reason": "诉求人来电要求核对登记信息"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<span class="complainant-phone">{PHONE}</span>' in html
    assert f'<dd class="complainant-id">{ID_NUMBER}</dd>' in html
    assert "The reveal has been logged." in html
    assert "no-store" in response["Cache-Control"]
    [event] = reveals(case)
    assert event.note == "诉求人来电要求核对登记信息"
    assert event.actor == org["clerk"]
    assert "reveal" not in str(dict(client.session))  # nothing kept for later
    again = client.get(case_url(case)).content.decode()
    assert f'<span class="complainant-phone">{MASKED_PHONE}</span>' in again
    assert PHONE not in again


def test_the_reveal_appears_in_the_timeline(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()
    client = client_for(org["deputy"])
    client.post(reveal_url(case), {"reason": "核实身份"})

    html = client.get(case_url(case)).content.decode()

    assert '<strong class="event-verb">Identity revealed</strong>' in html
    assert '<p class="event-note">核实身份</p>' in html


def test_an_htmx_reveal_swaps_the_page_element(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()

    response = client_for(org["clerk"]).post(reveal_url(case), {"reason": "核实"}, **HTMX)

    html = response.content.decode()
    assert html.startswith('<article id="case-page"')
    assert f'<span class="complainant-phone">{PHONE}</span>' in html


def test_every_reveal_is_logged_once(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()
    client = client_for(org["clerk"])

    client.post(reveal_url(case), {"reason": "第一次"})
    client.post(reveal_url(case), {"reason": "第二次"})

    assert [e.note for e in reveals(case)] == ["第一次", "第二次"]


def test_a_reveal_without_a_reason_shows_the_error_and_logs_nothing(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()

    response = client_for(org["clerk"]).post(reveal_url(case), {"reason": "  "})

    html = response.content.decode()
    assert response.status_code == 422
    assert field_errors(html, "reveal-reason") == ["This field is required."]
    assert '<details id="action-reveal" class="action no-print" open>' in html
    assert PHONE not in html
    assert reveals(case) == []


@pytest.mark.parametrize(("username", "status_code"), [
    ("unit_a_handler", 403),
    ("unit_a_leader", 403),
    ("analyst", 403),
    ("supervisor", 403),
    ("unit_b_handler", 404),
    ("nobody", 404),
])  # fmt: skip
def test_the_reveal_is_refused_to_others_and_nothing_is_logged(
    org: dict[str, Any], make_case: MakeCase, username: str, status_code: int
) -> None:
    case = advance(make_case(), org, "handling", NOW)
    wf.disclose_identity(case, actor=org["deputy"], now=NOW, reason="需联系诉求人")
    before = snapshot(case)

    response = client_for(org[username]).post(reveal_url(case), {"reason": "想看看"})

    assert response.status_code == status_code
    assert PHONE not in response.content.decode()
    assert reveals(case) == []
    assert snapshot(case) == before


def test_the_reveal_is_posted_never_fetched(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()

    response = client_for(org["clerk"]).get(reveal_url(case))

    assert response.status_code == 405
    assert reveals(case) == []
