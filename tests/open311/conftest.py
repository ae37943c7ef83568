"""Open311 stories: the centre publishes two services — 物业管理 (property, its locations public)
and 食品安全 (food, locations kept back) — and not 住房 (housing); a reporting app has a key."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from tests.conftest import MONDAY
from tousu.categories.models import Category
from tousu.intake.open311.models import ApiKey, Service

V2 = "/open311/v2"
PHONE = "13812345678"
EMAIL = "zhang.san@example.cn"
DESCRIPTION = "3号楼2单元501门口的路灯坏了两周,晚上回家很黑。张三 13812345678"


@pytest.fixture
def services(org: dict[str, Any]) -> dict[str, Service]:
    property_ = Service.objects.create(
        category=Category.objects.get(code="property"),
        description="电梯、路灯、绿化等物业问题",
        keywords="电梯,路灯",
        publish_location=True,
    )
    food = Service.objects.create(
        category=Category.objects.get(code="food"), kind="report", publish_location=False
    )
    return {"property": property_, "food": food}


@pytest.fixture
def api_key(db: Any) -> str:
    _row, key = ApiKey.issue("城市随手拍", MONDAY)
    return key


def report(**overrides: Any) -> dict[str, Any]:
    """A request as a reporting app posts it (form fields)."""
    fields: dict[str, Any] = {
        "service_code": "property",
        "lat": "39.913818",
        "long": "116.363625",
        "address_string": "东城区幸福小区3号楼",
        "first_name": "三",
        "last_name": "张",
        "phone": PHONE,
        "email": EMAIL,
        "description": DESCRIPTION,
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def post_request(key: str, fmt: str = "json", language: str = "", **overrides: Any) -> Any:
    """POST a report; `language`: the client's Accept-Language (the error descriptions follow
    it; without one they are in the centre's language, Chinese)."""
    client = Client(headers={"accept-language": language}) if language else Client()
    return client.post(f"{V2}/requests.{fmt}", {"api_key": key, **report(**overrides)})


def spec_errors(response: Any, status: int, fmt: str = "json") -> list[str]:
    """Assert the spec's error answer with this status; the descriptions."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    if fmt == "xml":
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        items = [
            {"code": int(e.findtext("code") or 0), "description": e.findtext("description")}
            for e in root
        ]
        assert all(e.tag == "error" for e in root)
    else:
        assert response["Content-Type"] == "application/json; charset=utf-8"
        items = response.json()
    assert items
    assert all(set(item) == {"code", "description"} for item in items), items
    assert all(item["code"] == status for item in items), items
    return [str(item["description"]) for item in items]
