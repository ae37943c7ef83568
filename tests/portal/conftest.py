"""The portal's tests: the human challenge off (but in the challenge's own tests), a valid
submission to start from, files recognised by their content, and a citizen who tracks a case."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tousu.cases.models import Case

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
MP4 = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2" + b"\0" * 32


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _challenge_off(settings: Any) -> None:
    settings.TOUSU_PORTAL_CHALLENGE = False


def valid_form(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "complaint",
        "category": "property",
        "title": "小区门口路灯坏了一个月",
        "content": "幸福小区东门的路灯坏了一个月，晚上很黑，请尽快修好。",
        "address": "东城区幸福小区东门",
        "name": "李四",
        "phone": "13912345678",
        "consent": "on",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


@pytest.fixture
def submit(org: dict[str, Any]) -> Callable[..., Any]:
    """POST the form (valid unless told otherwise) from a fresh browser."""

    def post(client: Client | None = None, **overrides: Any) -> Any:
        return (client or Client()).post("/portal/new/", valid_form(**overrides))

    return post


@pytest.fixture
def receipt(submit: Callable[..., Any]) -> Callable[..., tuple[Case, str, Client]]:
    """Submit, follow to the receipt, and return the case, its password and the browser."""

    def make(**overrides: Any) -> tuple[Case, str, Client]:
        client = Client()
        answer = submit(client, **overrides)
        assert answer.status_code == 302, answer.content.decode()[:2000]
        page = client.get(answer["Location"])
        assert page.status_code == 200
        html = page.content.decode()
        password = html.split('data-receipt="password">', 1)[1].split("<", 1)[0]
        return Case.objects.get(), password, client

    return make


def track(client: Client, code: str, password: str) -> Any:
    return client.post("/portal/track/", {"code": code, "password": password})


PASSWORD = "K7M2-Q9XR-4T"  # as a citizen might type it: dashes are ignored


@pytest.fixture
def citizen_case(org: dict[str, Any]) -> Case:
    """A case the citizen 李四 brought through the portal on MONDAY, with a known password."""
    from tests.conftest import MONDAY, new_case
    from tousu.cases.registration import register
    from tousu.orgs.staff import system_user

    new = new_case(channel="web", query_password=PASSWORD.replace("-", ""))
    return register(new, actor=system_user(), now=MONDAY)


def tracked_client(case: Case) -> Client:
    """A browser that has tracked `case` with its password."""
    client = Client()
    answer = track(client, case.tracking_code, PASSWORD)
    assert (answer.status_code, answer["Location"]) == (302, "/portal/track/case/")
    return client
