"""POST /open311/v2/requests with an api_key: the request becomes a case of the channel
`open311`, registered by the system for the public centre; the answer carries the case number as
`service_request_id` and a token. The same request posted again is the same case."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from time_machine import TimeMachineFixture

from tests.api.helpers import db_state
from tests.conftest import MONDAY
from tests.open311.conftest import DESCRIPTION, EMAIL, PHONE, V2, post_request, spec_errors
from tousu.cases.models import Case, CaseEvent, Complainant
from tousu.categories.models import Category
from tousu.intake.models import InboundMessage
from tousu.intake.open311.models import ApiKey, Service
from tousu.orgs.staff import system_user


def in_chinese(text: str) -> str:
    """What the server says to a client that asks for no language: the centre's Chinese."""
    with translation.override("zh-hans"):
        return gettext(text)


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def test_a_request_becomes_a_case_of_the_open311_channel(
    org: dict[str, Any], services: dict[str, Service], api_key: str, clock: TimeMachineFixture
) -> None:
    response = post_request(api_key)

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    case = Case.objects.get()
    [answer] = response.json()
    assert answer == {
        "service_request_id": case.number,
        "token": case.external_id,
        "service_notice": in_chinese("Received. Follow your request with its number %(number)s.")
        % {"number": case.number},
        "account_id": None,
    }
    assert (case.channel, case.kind, case.category_id, case.centre) == (
        "open311",
        "complaint",
        Category.objects.get(code="property").pk,
        org["centre"],
    )
    # The title is the service's (and, as its locations are public, the address): never the text.
    assert case.title == "物业管理（东城区幸福小区3号楼）"
    assert case.content == DESCRIPTION
    assert (case.address, case.latitude, case.longitude) == (
        "东城区幸福小区3号楼",
        Decimal("39.913818"),
        Decimal("116.363625"),
    )
    assert case.anonymous is False
    person = Complainant.objects.get(case=case)
    assert (person.name, person.phone) == ("张三", PHONE)
    assert case.contact_channel == ""  # the phone answers them
    assert CaseEvent.objects.get(case=case).actor == system_user()
    message = InboundMessage.objects.get()
    assert (message.channel, message.outcome, message.case) == ("open311", "registered", case)
    assert message.note == f"key {ApiKey.objects.get().prefix}"


def test_a_reporter_without_name_or_phone_is_anonymous_and_answered_by_email(
    org: dict[str, Any], services: dict[str, Service], api_key: str, clock: TimeMachineFixture
) -> None:
    response = post_request(api_key, first_name=None, last_name=None, phone=None)

    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert case.anonymous is True
    assert Complainant.objects.count() == 0
    assert (case.contact_channel, case.contact_address) == ("email", EMAIL)


def test_a_service_without_public_locations_keeps_the_address_out_of_the_title(
    org: dict[str, Any], services: dict[str, Service], api_key: str, clock: TimeMachineFixture
) -> None:
    post_request(api_key, service_code="food", lat=None, long=None)

    case = Case.objects.get()
    assert (case.title, case.kind, case.address) == ("食品安全", "report", "东城区幸福小区3号楼")


def test_the_answer_comes_in_xml_too(
    org: dict[str, Any], services: dict[str, Service], api_key: str, clock: TimeMachineFixture
) -> None:
    response = post_request(api_key, fmt="xml")

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    case = Case.objects.get()
    assert request.findtext("service_request_id") == case.number
    assert request.findtext("token") == case.external_id
    assert request.findtext("account_id") == ""  # present, empty: null


def test_the_same_request_posted_again_is_the_same_case(
    org: dict[str, Any], services: dict[str, Service], api_key: str, clock: TimeMachineFixture
) -> None:
    first = post_request(api_key)

    again = post_request(api_key)

    assert again.status_code == 200
    assert again.json() == first.json()
    assert Case.objects.count() == 1
    assert InboundMessage.objects.count() == 1


def test_a_request_differing_in_one_field_is_another_case(
    org: dict[str, Any], services: dict[str, Service], api_key: str, clock: TimeMachineFixture
) -> None:
    post_request(api_key)
    post_request(api_key, description="路灯又坏了")

    assert Case.objects.count() == 2


def test_the_token_tells_the_request_number(
    org: dict[str, Any], services: dict[str, Service], api_key: str, clock: TimeMachineFixture
) -> None:
    [answer] = post_request(api_key).json()

    response = Client().get(f"{V2}/tokens/{answer['token']}.json")

    assert response.status_code == 200
    assert response.json() == [
        {"service_request_id": answer["service_request_id"], "token": answer["token"]}
    ]
    xml = ET.fromstring(Client().get(f"{V2}/tokens/{answer['token']}.xml").content)
    assert xml.findtext("request/service_request_id") == answer["service_request_id"]
    spec_errors(Client().get(f"{V2}/tokens/no-such-token.json"), 404)


@pytest.mark.parametrize(
    ("key", "status"),
    [("", 403), ("o311_wrong", 403)],
    ids=["missing", "unknown"],
)
def test_a_request_without_a_valid_key_is_refused_and_nothing_stored(
    org: dict[str, Any],
    services: dict[str, Service],
    api_key: str,
    clock: TimeMachineFixture,
    key: str,
    status: int,
) -> None:
    before = db_state()

    [problem] = spec_errors(post_request(key), status)

    assert problem.startswith("api_key:")
    assert db_state() == before
    assert InboundMessage.objects.count() == 0


def test_a_revoked_key_is_refused(
    org: dict[str, Any], services: dict[str, Service], api_key: str, clock: TimeMachineFixture
) -> None:
    ApiKey.objects.update(revoked=True)

    spec_errors(post_request(api_key), 403)
    assert Case.objects.count() == 0


BAD_REQUESTS = [
    ("no-service", {"service_code": None}, "service_code"),
    ("unknown-service", {"service_code": "rumours"}, "service_code"),
    ("unpublished-service", {"service_code": "housing"}, "service_code"),
    ("no-location", {"lat": None, "long": None, "address_string": None}, "a location"),
    ("lat-without-long", {"long": None}, "lat and long"),
    ("lat-a-word", {"lat": "north"}, "lat and long"),
    ("lat-infinite", {"lat": "Infinity"}, "lat and long"),
    ("lat-beyond-the-pole", {"lat": "91"}, "lat and long"),
    ("long-huge", {"long": "1e999"}, "lat and long"),
    ("phone-of-letters", {"phone": "call me"}, "phone"),
    ("email-malformed", {"phone": None, "email": "zhang at example"}, "email"),
    ("description-too-long", {"description": "灯" * 20001}, "description"),
    ("address-too-long", {"address_string": "路" * 301}, "address_string"),
    ("nul-in-description", {"description": "a\x00b"}, "description"),
]


@pytest.mark.parametrize(
    ("overrides", "field"), [b[1:] for b in BAD_REQUESTS], ids=[b[0] for b in BAD_REQUESTS]
)
def test_a_bad_request_is_a_400_naming_the_field_and_nothing_is_stored(
    org: dict[str, Any],
    services: dict[str, Service],
    api_key: str,
    clock: TimeMachineFixture,
    overrides: dict[str, Any],
    field: str,
) -> None:
    before = db_state()

    # In English each description begins with the field at fault.
    problems = spec_errors(post_request(api_key, language="en", **overrides), 400)

    assert any(p.startswith(field) for p in problems), problems
    assert db_state() == before
    assert InboundMessage.objects.count() == 0


def test_a_form_too_large_is_refused_in_the_specs_format(
    org: dict[str, Any],
    services: dict[str, Service],
    api_key: str,
    clock: TimeMachineFixture,
    settings: Any,
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    spec_errors(post_request(api_key, description="灯" * 2000, fmt="xml"), 413, fmt="xml")
    assert Case.objects.count() == 0


def test_a_jurisdiction_other_than_the_configured_one_is_refused(
    org: dict[str, Any],
    services: dict[str, Service],
    api_key: str,
    clock: TimeMachineFixture,
    settings: Any,
) -> None:
    settings.TOUSU_OPEN311_JURISDICTION = "beijing.dongcheng"

    spec_errors(post_request(api_key, jurisdiction_id="shanghai"), 404)
    assert post_request(api_key, jurisdiction_id="beijing.dongcheng").status_code == 200
    assert post_request(api_key, jurisdiction_id="", description="另一件").status_code == 200
    assert Case.objects.count() == 2


def test_a_client_posts_without_a_csrf_token(
    org: dict[str, Any], services: dict[str, Service], api_key: str, clock: TimeMachineFixture
) -> None:
    # Open311 clients authenticate with the api_key, not a session: no CSRF token to send.
    browserless = Client(enforce_csrf_checks=True)

    response = browserless.post(
        f"{V2}/requests.json",
        {"api_key": api_key, "service_code": "food", "address_string": "光明路12号"},
    )

    assert response.status_code == 200, response.content
    assert Case.objects.get().content == "食品安全"  # no description: the service's name
