"""The public request list is for anybody: only public fields — never a name, a phone number, an
e-mail address, what the reporter wrote, the reply, a staff member or an internal note; the
location only where the service publishes locations; only requests that came in by Open311."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import advance
from tests.conftest import MONDAY
from tests.open311.conftest import EMAIL, PHONE, V2, post_request
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.categories.models import Category
from tousu.intake.open311.models import Service

SECRETS = ("张三", PHONE, "138****5678", EMAIL, "路灯坏了两周", "门口", "电梯已修复", "内部意见")
FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


@pytest.fixture
def requests_with_history(
    org: dict[str, Any], services: dict[str, Service], api_key: str, clock: TimeMachineFixture
) -> list[Case]:
    """One request of each service, walked through the loop with notes and a reply."""
    post_request(api_key)
    post_request(api_key, service_code="food")
    cases = list(Case.objects.order_by("pk"))
    for case in cases:
        advance(case, org, "replied")
        wf.remind(case, actor=org["supervisor"], now=MONDAY, note="内部意见:请加快")
    return cases


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_list_holds_only_public_fields(
    requests_with_history: list[Case], clock: TimeMachineFixture, fmt: str
) -> None:
    response = Client().get(f"{V2}/requests.{fmt}")

    assert response.status_code == 200
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text, secret
    if fmt == "json":
        items = response.json()
        assert all(set(item) == FIELDS for item in items)
    else:
        root = ET.fromstring(response.content)
        items = [{child.tag: child.text for child in request} for request in root]
        assert all(set(item) == FIELDS for item in items)
    assert len(items) == 2


def test_the_location_is_shown_only_for_services_that_publish_it(
    requests_with_history: list[Case], clock: TimeMachineFixture
) -> None:
    by_code = {r["service_code"]: r for r in Client().get(f"{V2}/requests.json").json()}

    assert (by_code["property"]["address"], by_code["property"]["lat"]) == (
        "东城区幸福小区3号楼",
        39.913818,
    )
    assert (by_code["food"]["address"], by_code["food"]["lat"], by_code["food"]["long"]) == (
        None,
        None,
        None,
    )
    assert by_code["food"]["description"] == "食品安全"


def test_cases_from_other_channels_are_not_listed(
    org: dict[str, Any],
    make_case: Any,
    requests_with_history: list[Case],
    clock: TimeMachineFixture,
) -> None:
    phoned = make_case(category="property", address="幸福小区")

    listed = [r["service_request_id"] for r in Client().get(f"{V2}/requests.json").json()]

    assert phoned.number not in listed
    assert len(listed) == 2
    response = Client().get(f"{V2}/requests/{phoned.number}.json")
    assert response.status_code == 404


def test_a_request_moved_to_an_unpublished_category_leaves_the_list(
    requests_with_history: list[Case], clock: TimeMachineFixture
) -> None:
    moved = requests_with_history[0]
    housing = Category.objects.get(code="housing")  # unpublished
    Case.objects.filter(pk=moved.pk).update(category=housing)

    listed = [r["service_request_id"] for r in Client().get(f"{V2}/requests.json").json()]

    assert moved.number not in listed
    assert Client().get(f"{V2}/requests/{moved.number}.json").status_code == 404


def test_a_title_with_control_characters_still_makes_well_formed_xml(
    requests_with_history: list[Case], clock: TimeMachineFixture
) -> None:
    Case.objects.filter(pk=requests_with_history[0].pk).update(title="路灯\x0b故障\x1f")

    response = Client().get(f"{V2}/requests.xml")

    root = ET.fromstring(response.content)
    titles = {r.findtext("description") for r in root}
    assert "路灯故障" in titles
