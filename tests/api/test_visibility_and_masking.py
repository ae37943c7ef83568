"""Who sees which case, and how much of the complainant.

A case a caller may not see does not exist for them (404 everywhere); a unit never learns who
complained unless the centre discloses it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import (
    ADDRESS,
    ID_NUMBER,
    MASKED_ADDRESS,
    MASKED_ID_NUMBER,
    MASKED_NAME,
    MASKED_PHONE,
    NAME,
    PHONE,
    act,
    advance,
    db_state,
    error_of,
    get,
    png_bytes,
)
from tests.conftest import MONDAY
from tousu.cases.attachments import attach
from tousu.cases.models import Case

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]

HIDDEN = {
    "anonymous": False,
    "name": None,
    "gender": None,
    "phone": None,
    "id_number": None,
    "address": None,
    "organisation": None,
    "is_representative": None,
}
MASKED = {
    "anonymous": False,
    "name": MASKED_NAME,
    "gender": None,
    "phone": MASKED_PHONE,
    "id_number": MASKED_ID_NUMBER,
    "address": MASKED_ADDRESS,
    "organisation": "",
    "is_representative": False,
}


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


@pytest.fixture
def unit_a_case(org: dict[str, Any], make_case: MakeCase) -> Case:
    """A general complaint dispatched to unit A and signed for."""
    return advance(make_case(), org, "handling")


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def _assert_no_identity_in(response: Any) -> None:
    text = response.content.decode()
    for secret in (NAME, PHONE, ID_NUMBER, ADDRESS, MASKED_PHONE, MASKED_ID_NUMBER):
        assert secret not in text
    assert "\\u5f20\\u4e09" not in text  # 张三, escaped


# --- unit B: unit A's case does not exist for it --------------------------------------------


@pytest.mark.parametrize("username", ["unit_b_handler", "unit_b_leader"])
def test_unit_b_gets_404_for_unit_as_case_everywhere(
    org: dict[str, Any], unit_a_case: Case, api_as: ApiAs, clock: TimeMachineFixture, username: str
) -> None:
    client = api_as(username)
    before = db_state()

    for path in (
        f"/cases/{unit_a_case.pk}",
        f"/cases/{unit_a_case.pk}/events",
        f"/cases/{unit_a_case.pk}/attachments",
    ):
        assert error_of(get(client, path), 404)["code"] == "not_found", path
    for verb, body in (
        ("submit_result", {"result": "已办结"}),
        ("return", {"reason": "not_our_duty"}),
        ("request_extension", {"days": 3, "reason": "需核查"}),
        ("sign", {}),
    ):
        assert error_of(act(client, unit_a_case.pk, verb, body), 404)["code"] == "not_found"
    assert db_state() == before


def test_unit_bs_list_and_counts_leave_out_unit_as_case(
    org: dict[str, Any],
    unit_a_case: Case,
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
) -> None:
    mine = make_case(category="food")
    advance(mine, org, "accepted")
    act(api_as("clerk"), mine.pk, "dispatch", {"unit": "unit-b"})
    client = api_as("unit_b_handler")

    assert _ids(get(client, "/cases")) == [mine.pk]
    assert get(client, "/cases").json()["total"] == 1
    assert _ids(get(client, "/cases", {"q": unit_a_case.number})) == []
    assert _ids(get(client, "/cases", {"q": unit_a_case.tracking_code})) == []
    counts = get(client, "/cases/counts").json()
    assert sum(counts["by_status"].values()) == 1
    assert counts["by_status"]["dispatched"] == 1
    assert counts["by_status"]["handling"] == 0


def test_an_attachment_of_unit_as_case_cannot_be_downloaded_by_unit_b(
    org: dict[str, Any],
    unit_a_case: Case,
    api_as: ApiAs,
    settings: Any,
    tmp_path: Any,
    clock: TimeMachineFixture,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    row = attach(unit_a_case, actor=org["clerk"], now=MONDAY, name="现场.png", data=png_bytes())

    response = get(api_as("unit_b_handler"), f"/cases/{unit_a_case.pk}/attachments/{row.pk}")

    assert error_of(response, 404)["code"] == "not_found"


# --- unit A: sees its case, never the complainant --------------------------------------------


def test_unit_a_sees_its_case_with_the_complainant_hidden_and_no_tracking_code(
    org: dict[str, Any], unit_a_case: Case, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    for username in ("unit_a_handler", "unit_a_leader"):
        response = get(api_as(username), f"/cases/{unit_a_case.pk}")

        assert response.status_code == 200
        case = response.json()
        assert case["complainant"] == HIDDEN
        assert case["complainants"] == []
        assert case["tracking_code"] is None
        assert case["identity_disclosed"] is False
        assert case["unit"] == "unit-a"
        _assert_no_identity_in(response)


def test_unit_as_list_hides_the_complainant_too(
    org: dict[str, Any], unit_a_case: Case, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = get(api_as("unit_a_handler"), "/cases")

    assert _ids(response) == [unit_a_case.pk]
    item = response.json()["items"][0]
    assert item["complainant"] == HIDDEN
    assert item["tracking_code"] is None
    _assert_no_identity_in(response)


def test_unit_as_view_of_the_events_carries_no_identity(
    org: dict[str, Any], unit_a_case: Case, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = get(api_as("unit_a_handler"), f"/cases/{unit_a_case.pk}/events")

    assert response.status_code == 200
    assert [e["verb"] for e in response.json()] == ["register", "accept", "dispatch", "sign"]
    _assert_no_identity_in(response)


def test_unit_a_still_cannot_see_an_unrelated_registered_case(
    org: dict[str, Any],
    unit_a_case: Case,
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
) -> None:
    other = make_case()

    assert get(api_as("unit_a_handler"), f"/cases/{other.pk}").status_code == 404
    assert _ids(get(api_as("unit_a_handler"), "/cases")) == [unit_a_case.pk]


# --- the centre: masked, never in full ---------------------------------------------------------


@pytest.mark.parametrize(
    "username", ["clerk", "dispatcher", "deputy", "director", "supervisor", "analyst", "admin"]
)
def test_centre_staff_see_the_complainant_masked(
    org: dict[str, Any], unit_a_case: Case, api_as: ApiAs, clock: TimeMachineFixture, username: str
) -> None:
    response = get(api_as(username), f"/cases/{unit_a_case.pk}")

    assert response.status_code == 200
    case = response.json()
    assert case["complainant"] == MASKED
    assert case["complainants"] == [MASKED]
    assert case["tracking_code"] == unit_a_case.tracking_code
    text = response.content.decode()
    for secret in (PHONE, ID_NUMBER, ADDRESS, "\\u5f20\\u4e09"):
        assert secret not in text


def test_the_centre_list_shows_the_complainant_masked(
    org: dict[str, Any], unit_a_case: Case, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = get(api_as("clerk"), "/cases")

    assert response.json()["items"][0]["complainant"] == MASKED
    assert PHONE not in response.content.decode()


def test_a_station_clerk_sees_only_the_stations_cases_and_the_centre_sees_them_too(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    centre_case = make_case()
    station_case = make_case(actor=org["station_clerk"])

    assert _ids(get(api_as("station_clerk"), "/cases")) == [station_case.pk]
    assert error_of(get(api_as("station_clerk"), f"/cases/{centre_case.pk}"), 404)
    assert sorted(_ids(get(api_as("clerk"), "/cases"))) == [centre_case.pk, station_case.pk]
    assert get(api_as("clerk"), f"/cases/{station_case.pk}").json()["complainant"] == MASKED


@pytest.mark.parametrize("username", ["nobody", "unit_a_handler", "unit_b_handler"])
def test_a_caller_outside_the_centre_sees_no_registered_case(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    username: str,
) -> None:
    case = make_case()
    client = api_as(username)

    assert error_of(get(client, f"/cases/{case.pk}"), 404)["code"] == "not_found"
    assert error_of(get(client, f"/cases/{case.pk}/events"), 404)["code"] == "not_found"
    assert get(client, "/cases").json() == {"items": [], "total": 0, "page": 1, "page_size": 50}


# --- disclosure --------------------------------------------------------------------------------


def test_after_the_deputy_discloses_the_identity_unit_a_sees_it_masked(
    org: dict[str, Any], unit_a_case: Case, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = act(
        api_as("deputy"), unit_a_case.pk, "disclose_identity", {"reason": "需当面核实情况"}
    )
    assert response.status_code == 200
    assert response.json()["identity_disclosed"] is True

    seen = get(api_as("unit_a_handler"), f"/cases/{unit_a_case.pk}")

    assert seen.json()["complainant"] == MASKED
    assert seen.json()["complainants"] == [MASKED]
    assert PHONE not in seen.content.decode()
    # Unit B still sees nothing.
    assert get(api_as("unit_b_handler"), f"/cases/{unit_a_case.pk}").status_code == 404


@pytest.mark.parametrize("username", ["clerk", "unit_a_handler", "unit_a_leader", "supervisor"])
def test_only_a_centre_leader_may_disclose_the_identity(
    org: dict[str, Any], unit_a_case: Case, api_as: ApiAs, clock: TimeMachineFixture, username: str
) -> None:
    before = db_state()

    response = act(api_as(username), unit_a_case.pk, "disclose_identity", {"reason": "想知道是谁"})

    assert error_of(response, 403)["code"] == "forbidden"
    assert db_state() == before
    assert get(api_as("unit_a_handler"), f"/cases/{unit_a_case.pk}").json()["complainant"] == HIDDEN


def test_an_anonymous_case_has_no_identity_to_disclose(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(anonymous=True, complainants=[]), org, "handling")
    before = db_state()

    response = act(api_as("deputy"), case.pk, "disclose_identity", {"reason": "需核实"})

    assert error_of(response, 409)["code"] == "invalid_state"
    assert response.json()["status"] == "handling"
    assert db_state() == before


# --- a case waiting for the leader's sign-off is not the unit's yet ---------------------------


def test_an_important_case_waiting_for_sign_off_is_invisible_to_the_unit_until_approved(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case(complainants=[], anonymous=True, severity="important")
    clerk, unit = api_as("clerk"), api_as("unit_a_handler")
    act(clerk, case.pk, "accept")
    assert (
        act(clerk, case.pk, "dispatch", {"unit": "unit-a"}).json()["status"] == "pending_approval"
    )
    before = db_state()

    assert error_of(get(unit, f"/cases/{case.pk}"), 404)["code"] == "not_found"
    assert error_of(get(unit, f"/cases/{case.pk}/events"), 404)["code"] == "not_found"
    assert _ids(get(unit, "/cases")) == []
    assert sum(get(unit, "/cases/counts").json()["by_status"].values()) == 0
    assert error_of(act(unit, case.pk, "sign"), 404)["code"] == "not_found"
    assert error_of(act(api_as("unit_a_leader"), case.pk, "sign"), 404)["code"] == "not_found"
    assert db_state() == before

    approved = act(api_as("director"), case.pk, "approve", {"approve": True})
    assert approved.json()["status"] == "dispatched"

    assert get(unit, f"/cases/{case.pk}").json()["status"] == "dispatched"
    assert _ids(get(unit, "/cases")) == [case.pk]
    assert act(unit, case.pk, "sign").json()["status"] == "handling"


def test_a_case_whose_sign_off_was_refused_never_reaches_the_unit(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case(severity="major")
    act(api_as("clerk"), case.pk, "accept")
    act(api_as("clerk"), case.pk, "dispatch", {"unit": "unit-a"})

    act(api_as("director"), case.pk, "approve", {"approve": False, "note": "先由中心核实"})

    assert get(api_as("unit_a_handler"), f"/cases/{case.pk}").status_code == 404
    assert _ids(get(api_as("unit_a_handler"), "/cases")) == []


def test_the_tracking_code_stays_with_the_centre_even_after_the_identity_is_disclosed(
    org: dict[str, Any], unit_a_case: Case, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    disclosed = api_as("deputy").post(
        f"/api/v1/cases/{unit_a_case.pk}/actions/disclose_identity",
        {"reason": "需当面核实"},
        content_type="application/json",
    )
    assert disclosed.status_code == 200

    case = get(api_as("unit_a_handler"), f"/cases/{unit_a_case.pk}").json()

    assert case["complainant"]["phone"] == MASKED_PHONE
    assert case["tracking_code"] is None


def test_a_unit_cannot_probe_tracking_codes_not_even_of_its_own_case(
    org: dict[str, Any], unit_a_case: Case, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    code = unit_a_case.tracking_code

    for username in ("unit_a_handler", "unit_a_leader"):
        client = api_as(username)
        assert _ids(get(client, "/cases", {"q": code})) == []
        assert _ids(get(client, "/cases", {"q": code.lower()})) == []
        assert _ids(get(client, "/cases", {"q": unit_a_case.number})) == [unit_a_case.pk]
    assert _ids(get(api_as("clerk"), "/cases", {"q": code.lower()})) == [unit_a_case.pk]
