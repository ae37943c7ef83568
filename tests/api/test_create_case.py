"""POST /api/v1/cases: registration through the API, its answer, and who may register."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from time_machine import TimeMachineFixture

from tests.api.helpers import (
    ACCEPT_DUE,
    ADDRESS,
    HANDLE_DUE,
    ID_NUMBER,
    MASKED_ADDRESS,
    MASKED_ID_NUMBER,
    MASKED_NAME,
    MASKED_PHONE,
    NAME,
    PHONE,
    act,
    create,
    db_state,
    error_of,
    get,
    invalid,
    with_complainant,
)
from tests.conftest import MONDAY
from tousu.cases.models import Case, CaseEvent, Complainant, Demand, Respondent

ApiAs = Callable[[str], Client]

HIDDEN_PERSON_FIELDS = (
    "name",
    "gender",
    "phone",
    "id_number",
    "address",
    "organisation",
    "is_representative",
)


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def test_the_clerk_registers_a_case_and_gets_it_back_with_masked_identity_and_deadlines(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(api_as("clerk"))

    assert response.status_code == 201, response.content
    case = response.json()
    stored = Case.objects.get()
    assert isinstance(case["id"], int)
    assert case["id"] == stored.pk
    assert {k: case[k] for k in ("number", "kind", "channel", "title", "status")} == {
        "number": "260300001",
        "kind": "complaint",
        "channel": "phone",
        "title": "小区电梯长期故障无人维修",
        "status": "registered",
    }
    assert case["severity"] == "general"
    assert case["category"] == "property"
    assert case["unit"] is None
    assert case["complainant"] == {
        "anonymous": False,
        "name": MASKED_NAME,
        "gender": None,
        "phone": MASKED_PHONE,
        "id_number": MASKED_ID_NUMBER,
        "address": MASKED_ADDRESS,
        "organisation": "",
        "is_representative": False,
    }
    assert case["deadlines"]["accept_due"] == ACCEPT_DUE
    assert case["deadlines"]["handle_due"] is None
    # Accepting is due the next working day: the warning starts that day, not at once.
    assert case["deadline_state"] == "normal"
    assert case["provisional"] is False
    assert case["received_at"] == "2026-03-02T10:00:00+08:00"


def test_registration_stores_the_case_with_its_parties_and_one_event(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    create(api_as("clerk"), demands=["尽快修复电梯", "赔偿损失"])

    stored = Case.objects.get()
    assert stored.registered_by == org["clerk"]
    assert stored.centre == org["centre"]
    assert stored.address == "东城区幸福小区3号楼"
    person = Complainant.objects.get(case=stored)
    assert (person.name, person.phone, person.id_number, person.address) == (
        NAME,
        PHONE,
        ID_NUMBER,
        ADDRESS,
    )
    assert Respondent.objects.get(case=stored).name == "幸福物业管理有限公司"
    assert list(Demand.objects.filter(case=stored).values_list("text", flat=True)) == [
        "尽快修复电梯",
        "赔偿损失",
    ]
    assert list(CaseEvent.objects.filter(case=stored).values_list("verb", "actor__username")) == [
        ("register", "clerk")
    ]


def test_the_created_case_reads_back_the_same_through_get(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")
    created = create(client).json()

    fetched = get(client, f"/cases/{created['id']}")

    assert fetched.status_code == 200
    assert fetched.json() == created


def test_the_handling_deadline_is_null_until_acceptance_and_then_follows_the_kind_policy(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")
    case = create(client).json()
    assert case["deadlines"]["handle_due"] is None

    accepted = act(client, case["id"], "accept")

    assert accepted.status_code == 200
    assert accepted.json()["deadlines"]["handle_due"] == HANDLE_DUE
    assert accepted.json()["deadlines"]["accept_due"] == ACCEPT_DUE


def test_consecutive_cases_get_consecutive_numbers(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    client = api_as("clerk")

    numbers = [create(client).json()["number"] for _ in range(3)]

    assert numbers == ["260300001", "260300002", "260300003"]


def test_a_deadline_in_a_year_the_calendar_does_not_know_yet_is_provisional(
    org: dict[str, Any], api_as: ApiAs, time_machine: TimeMachineFixture
) -> None:
    # 2026-12-31 is a Thursday; the next working day is in 2027, not yet published.
    time_machine.move_to(datetime(2026, 12, 31, 3, 0, tzinfo=UTC), tick=False)

    case = create(api_as("clerk")).json()

    assert case["deadlines"]["accept_due"] == "2027-01-04T23:59:59+08:00"
    assert case["provisional"] is True


def test_a_received_at_in_the_past_starts_the_accept_deadline_from_that_day(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    # Received Friday 2026-02-27; Saturday 02-28 is a make-up workday (调休) after Spring Festival.
    case = create(api_as("clerk"), received_at="2026-02-27T16:30:00+08:00").json()

    assert case["received_at"] == "2026-02-27T16:30:00+08:00"
    assert case["deadlines"]["accept_due"] == "2026-02-28T23:59:59+08:00"
    assert case["deadline_state"] == "overdue"


def test_a_received_at_in_another_offset_is_answered_in_the_centres_local_time(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    # 20:00 UTC on Sunday is 04:00 on Monday in Shanghai: the receipt day is Monday.
    case = create(api_as("clerk"), received_at="2026-03-01T20:00:00+00:00").json()

    assert case["received_at"] == "2026-03-02T04:00:00+08:00"
    assert case["deadlines"]["accept_due"] == ACCEPT_DUE


def test_an_anonymous_complaint_keeps_no_identity_and_shows_every_identity_field_as_null(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(api_as("clerk"), complainant=with_complainant(anonymous=True))

    assert response.status_code == 201, response.content
    person = response.json()["complainant"]
    assert person["anonymous"] is True
    assert {k: person[k] for k in HIDDEN_PERSON_FIELDS} == dict.fromkeys(HIDDEN_PERSON_FIELDS)
    assert Case.objects.get().anonymous is True
    # What the clerk typed is not kept for an anonymous case.
    assert Complainant.objects.count() == 0
    for secret in (NAME, PHONE, ID_NUMBER, MASKED_PHONE):
        assert secret not in response.content.decode()


def test_a_collective_case_with_four_representatives_is_refused_and_nothing_is_stored(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    people = [
        {"name": f"代表{i}", "phone": f"1390000000{i}", "is_representative": True} for i in range(4)
    ]
    before = db_state()

    response = create(api_as("clerk"), complainant=None, complainants=people, party_count=40)

    error = invalid(response, "complainants")
    assert error["code"] == "invalid_input"
    assert db_state() == before
    assert Case.objects.count() == 0


def test_a_collective_case_with_three_representatives_is_registered_as_important(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    people = [
        {"name": f"代表{i}", "phone": f"1390000000{i}", "is_representative": True} for i in range(3)
    ]

    response = create(api_as("clerk"), complainant=None, complainants=people, party_count=40)

    assert response.status_code == 201, response.content
    case = response.json()
    assert case["severity"] == "important"
    assert case["suggested_severity"] == "important"
    assert case["severity_reasons"] == ["collective"]
    assert case["party_count"] == 40
    assert [p["name"] for p in case["complainants"]] == ["代**", "代**", "代**"]
    assert [p["is_representative"] for p in case["complainants"]] == [True, True, True]


def test_an_unknown_category_is_refused_naming_the_category(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    before = db_state()

    response = create(api_as("clerk"), category="no-such-category")

    invalid(response, "category")
    assert db_state() == before


def test_a_case_without_a_category_is_registered_with_category_null(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(api_as("clerk"), category=None)

    assert response.status_code == 201
    assert response.json()["category"] is None


def test_an_npc_deputy_complainant_makes_the_suggested_severity_important(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(api_as("clerk"), complainant=with_complainant(special_identity="npc_deputy"))

    assert response.status_code == 201
    case = response.json()
    assert case["severity"] == "important"
    assert case["suggested_severity"] == "important"
    assert case["severity_reasons"] == ["npc_deputy"]
    assert case["severity_confirmed"] is False


def test_a_severity_given_by_the_clerk_wins_over_the_suggestion_and_counts_as_confirmed(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(
        api_as("clerk"),
        complainant=with_complainant(special_identity="npc_deputy"),
        severity="general",
    )

    case = response.json()
    assert case["severity"] == "general"
    assert case["suggested_severity"] == "important"
    assert case["severity_confirmed"] is True


def test_a_complaint_about_a_section_level_official_is_suggested_important(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(
        api_as("clerk"),
        respondent={"type": "person", "name": "王科长", "official_rank": "section"},
    )

    assert response.json()["severity"] == "important"
    assert response.json()["severity_reasons"] == ["section_official"]


@pytest.mark.parametrize("username", ["clerk", "intake_only", "dispatcher", "deputy", "director"])
def test_centre_intake_staff_may_register_cases(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture, username: str
) -> None:
    response = create(api_as(username))

    assert response.status_code == 201, response.content
    assert Case.objects.get().registered_by == org[username]


def test_a_station_clerk_registers_cases_for_the_station(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(api_as("station_clerk"))

    assert response.status_code == 201
    assert response.json()["centre"] == "station-east"


def test_the_centre_clerk_may_register_a_case_for_the_station_below_the_centre(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(api_as("clerk"), centre="station-east")

    assert response.status_code == 201
    assert response.json()["centre"] == "station-east"


def test_a_station_clerk_may_not_register_a_case_for_the_centre_above(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    before = db_state()

    response = create(api_as("station_clerk"), centre="centre")

    assert error_of(response, 403)["code"] == "forbidden"
    assert db_state() == before


@pytest.mark.parametrize(
    "username",
    ["unit_a_handler", "unit_a_leader", "unit_b_handler", "analyst", "supervisor", "nobody"],
)
def test_people_outside_intake_may_not_register_and_nothing_is_stored(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture, username: str
) -> None:
    before = db_state()

    response = create(api_as(username))

    error = error_of(response, 403)
    assert error["code"] == "forbidden"
    assert error["fields"] == {}
    assert db_state() == before


def _zh(msgid: str) -> str:
    """The message as the API answers it (in the centre's language)."""
    with translation.override("zh-hans"):
        return gettext(msgid)


def test_a_mistyped_id_number_is_refused_saying_the_check_digit_is_wrong(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    before = db_state()

    response = create(api_as("clerk"), complainant=with_complainant(id_number="110101199001011234"))

    assert invalid(response, "complainant.id_number")["fields"] == {
        "complainant.id_number": [_zh("has a wrong check digit: a digit is mistyped")]
    }
    assert db_state() == before


def test_a_phone_of_letters_is_refused_saying_what_a_phone_number_looks_like(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    before = db_state()

    response = create(api_as("clerk"), complainant=with_complainant(phone="abc"))

    assert invalid(response, "complainant.phone")["fields"] == {
        "complainant.phone": [
            _zh(
                "is not a phone number: give a mobile (13812345678), a landline with its area "
                "code (010-12345678), a 400/800 number or an international number starting with +"
            )
        ]
    }
    assert db_state() == before


def test_an_id_number_with_a_small_x_and_a_full_width_phone_are_stored_in_their_usual_form(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(
        api_as("clerk"),
        complainant=with_complainant(
            id_number="11010519491231002x", phone="１３８１２３４５６７８"
        ),
    )

    assert response.status_code == 201, response.content
    person = Complainant.objects.get()
    assert (person.id_number, person.phone) == ("11010519491231002X", "13812345678")


def test_a_landline_with_extension_and_a_legacy_15_digit_id_number_are_accepted(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(
        api_as("clerk"),
        complainant=with_complainant(phone="010-65123456转8001", id_number="110101900101123"),
    )

    assert response.status_code == 201, response.content
    person = Complainant.objects.get()
    assert (person.phone, person.id_number) == ("010-65123456转8001", "110101900101123")


def test_a_foreign_complainant_may_give_a_passport_number_and_an_international_phone(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(
        api_as("clerk"),
        complainant=with_complainant(
            name="John Smith",
            phone="+44 20 7946 0958",
            id_number="123456789",
            special_identity="foreigner",
        ),
    )

    assert response.status_code == 201, response.content
    person = Complainant.objects.get()
    assert (person.phone, person.id_number) == ("+44 20 7946 0958", "123456789")


def test_a_chinese_complainant_may_not_give_a_passport_number_as_the_id_number(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(api_as("clerk"), complainant=with_complainant(id_number="E12345678"))

    invalid(response, "complainant.id_number")
    assert Case.objects.count() == 0


def test_the_respondent_may_be_given_with_its_service_number(
    org: dict[str, Any], api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    response = create(api_as("clerk"), respondent={"name": "某银行东城支行", "phone": "95588"})

    assert response.status_code == 201, response.content
    assert Respondent.objects.get().phone == "95588"
