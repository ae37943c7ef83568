"""Discovery, the service list and definitions — also at the older `service/{code}` that some
clients ask for — and errors as the specification has them: a list of {code, description} in
JSON, `<errors><error>` in XML, with the HTTP status as the code; never an HTML page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from tests.open311.conftest import V2, spec_errors
from tousu.categories.models import Category
from tousu.intake.open311.models import Service


def test_discovery_names_the_endpoint_and_its_formats(
    services: dict[str, Service], settings: Any
) -> None:
    settings.TOUSU_OPEN311_CONTACT = "12345@example.gov.cn"

    for path in (f"{V2}/discovery.json", f"{V2}/"):
        response = Client().get(path)
        assert response.status_code == 200
        body = response.json()
        assert body["contact"] == "12345@example.gov.cn"
        [endpoint] = body["endpoints"]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"] == "http://testserver/open311/v2"
        assert endpoint["formats"] == ["application/json", "text/xml"]

    root = ET.fromstring(Client().get(f"{V2}/discovery.xml").content)
    assert root.tag == "discovery"
    assert [f.text for f in root.iter("format")] == ["application/json", "text/xml"]
    assert root.findtext("endpoints/endpoint/type") == "production"


@pytest.mark.parametrize("path", ["services", "service"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_definition_answers_at_services_and_service(
    services: dict[str, Service], path: str, fmt: str
) -> None:
    response = Client().get(f"{V2}/{path}/property.{fmt}", {"jurisdiction_id": ""})

    assert response.status_code == 200
    if fmt == "json":
        assert response.json() == {"service_code": "property", "attributes": []}
    else:
        root = ET.fromstring(response.content)
        assert root.tag == "service_definition"
        assert root.findtext("service_code") == "property"


def test_an_inactive_category_is_no_service(services: dict[str, Service]) -> None:
    Category.objects.filter(code="food").update(is_active=False)

    codes = [s["service_code"] for s in Client().get(f"{V2}/services.json").json()]

    assert codes == ["property"]
    spec_errors(Client().get(f"{V2}/services/food.json"), 404)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_things_are_404_in_the_specs_format(services: dict[str, Service], fmt: str) -> None:
    for path in (
        f"{V2}/services/housing.{fmt}",
        f"{V2}/requests/999999.{fmt}",
        f"{V2}/tokens/nothing.{fmt}",
        f"{V2}/nonsense.{fmt}",
        f"{V2}/requests/a/b.{fmt}",
    ):
        [problem] = spec_errors(Client().get(path), 404, fmt=fmt)
        assert problem


def test_an_unknown_format_is_a_404_in_json(services: dict[str, Service]) -> None:
    spec_errors(Client().get(f"{V2}/services.csv"), 404)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_wrong_method_is_a_405_in_the_specs_format(
    services: dict[str, Service], fmt: str
) -> None:
    response = Client().post(f"{V2}/services.{fmt}")

    spec_errors(response, 405, fmt=fmt)
    assert response["Allow"] == "GET"
    assert Client().delete(f"{V2}/requests.{fmt}")["Allow"] == "GET, POST"


def test_a_jurisdiction_is_accepted_on_every_read(services: dict[str, Service]) -> None:
    response = Client().get(f"{V2}/services.json", {"jurisdiction_id": "anything"})

    assert response.status_code == 200


def test_answers_are_never_stored_by_caches(services: dict[str, Service]) -> None:
    assert "no-store" in Client().get(f"{V2}/services.json")["Cache-Control"]
