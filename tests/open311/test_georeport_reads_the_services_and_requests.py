"""A published Open311 client library, `georeport` 0.3.1, reads Tousu's GeoReport v2 over HTTP —
services, a service's definition, the request list and one request — in JSON and in XML, with a
jurisdiction_id as clients send it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import pgettext
from georeport import GeoReport

from tests.conftest import new_case
from tousu.cases import workflow as wf
from tousu.cases.models import Case
from tousu.cases.registration import NewComplainant, register
from tousu.intake.open311.models import Service
from tousu.orgs.staff import system_user

pytestmark = pytest.mark.usefixtures("reference_data")


def note(text: str) -> str:
    """A status note as the server words it for a client that asks for no language."""
    with translation.override("zh-hans"):
        return pgettext("public progress", text)


@pytest.fixture
def reported(org: dict[str, Any], services: dict[str, Service]) -> list[Case]:
    """Two requests an app posted this morning; the first one is being handled already."""
    now = timezone.now() - timedelta(hours=2)
    cases = [
        register(
            new_case(
                channel="open311",
                kind="complaint",
                title=f"物业管理（{address}）",
                content="路灯坏了",
                address=address,
                latitude=latitude,
                category="property",
                longitude=longitude,
                complainants=[NewComplainant(name="张三", phone="13812345678")],
                external_id=f"token-{n}",
            ),
            actor=system_user(),
            now=now + timedelta(minutes=n),
        )
        for n, (address, latitude, longitude) in enumerate(
            [("幸福小区3号楼", 39.913818, 116.363625), ("光明路12号", 39.9, 116.4)]
        )
    ]
    wf.accept(cases[0], actor=org["clerk"], now=now + timedelta(minutes=5))
    wf.dispatch(cases[0], actor=org["clerk"], now=now + timedelta(minutes=6), unit="unit-a")
    return cases


@pytest.fixture
def client(live_server: Any) -> Any:
    def make(fmt: str) -> GeoReport:
        return GeoReport(f"{live_server.url}/open311/v2", jurisdiction="beijing", output_format=fmt)

    return make


def test_georeport_lists_the_services_in_json(client: Any, services: dict[str, Service]) -> None:
    listed = client("json").get_service_list()

    assert listed == [
        {
            "service_code": "food",
            "service_name": "食品安全",
            "description": "",
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "",
        },
        {
            "service_code": "property",
            "service_name": "物业管理",
            "description": "电梯、路灯、绿化等物业问题",
            "metadata": False,
            "type": "realtime",
            "keywords": "电梯,路灯",
            "group": "住房",
        },
    ]


def test_georeport_lists_the_services_in_xml(client: Any, services: dict[str, Service]) -> None:
    listed = client("xml").get_service_list()

    assert [dict(s) for s in listed] == [
        {
            "service_code": "food",
            "service_name": "食品安全",
            "description": None,
            "metadata": "false",
            "type": "realtime",
            "keywords": None,
            "group": None,
        },
        {
            "service_code": "property",
            "service_name": "物业管理",
            "description": "电梯、路灯、绿化等物业问题",
            "metadata": "false",
            "type": "realtime",
            "keywords": "电梯,路灯",
            "group": "住房",
        },
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_a_service_definition(
    client: Any, services: dict[str, Service], fmt: str
) -> None:
    definition = client(fmt).get_service_definition("property")

    assert definition["service_code"] == "property"
    assert not definition["attributes"]


def test_georeport_reads_the_requests_in_json(client: Any, reported: list[Case]) -> None:
    handled, fresh = reported

    listed = client("json").get_service_requests()

    assert [r["service_request_id"] for r in listed] == [fresh.number, handled.number]
    first = listed[1]
    assert first["status"] == "open"
    assert first["status_notes"] == note("being handled by the responsible department")
    assert first["service_code"] == "property"
    assert first["service_name"] == "物业管理"
    assert first["description"] == "物业管理（幸福小区3号楼）"
    assert first["agency_responsible"] == "市住房和城乡建设局"
    assert first["address"] == "幸福小区3号楼"
    assert (first["lat"], first["long"]) == (39.913818, 116.363625)
    assert first["requested_datetime"] == timezone.localtime(handled.received_at).isoformat(
        timespec="seconds"
    )


def test_georeport_reads_the_requests_in_xml(client: Any, reported: list[Case]) -> None:
    handled, fresh = reported

    listed = client("xml").get_service_requests(status="open", service_code="property")

    assert [r["service_request_id"] for r in listed] == [fresh.number, handled.number]
    assert listed[0]["status"] == "open"
    assert listed[0]["status_notes"] == note("received")
    assert listed[0]["address"] == "光明路12号"
    assert listed[0]["media_url"] is None


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_one_request(client: Any, reported: list[Case], fmt: str) -> None:
    handled = reported[0]

    one = client(fmt).get_service_request(handled.number)

    assert one["service_request_id"] == handled.number
    assert one["status"] == "open"
    assert one["service_code"] == "property"


def test_georeport_filters_by_request_ids(client: Any, reported: list[Case]) -> None:
    handled = reported[0]

    listed = client("json").get_service_requests(service_request_id=handled.number)

    assert [r["service_request_id"] for r in listed] == [handled.number]
