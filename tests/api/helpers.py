"""What the API tests share: request bodies, JSON calls, the error format and database snapshots."""

from __future__ import annotations

import json
import struct
import zlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.test import Client

from tests.conftest import MONDAY
from tousu.api.models import ApiToken
from tousu.cases import workflow as wf
from tousu.cases.models import (
    Assignment,
    Attachment,
    Case,
    CaseEvent,
    Complainant,
    Demand,
    ExtensionRequest,
    Respondent,
)

if TYPE_CHECKING:  # what django.test.Client answers (with .json())
    from django.test.client import _MonkeyPatchedWSGIResponse as Response
else:
    from django.http import HttpResponse as Response

API = "/api/v1"
PHONE = "13812345678"
MASKED_PHONE = "138****5678"
ID_NUMBER = "110101199001011237"
MASKED_ID_NUMBER = "110101********1237"
NAME = "张三"
MASKED_NAME = "张*"
ADDRESS = "东城区幸福小区3号楼2单元501"
MASKED_ADDRESS = "东城区幸福小****"

# The public deadlines of a case registered, accepted and dispatched at MONDAY (2026-03-02, no
# holidays in March): 1, 15 and 7 working days after the Monday.
ACCEPT_DUE = "2026-03-03T23:59:59+08:00"
HANDLE_DUE = "2026-03-23T23:59:59+08:00"
UNIT_DUE = "2026-03-11T23:59:59+08:00"


def case_body(**overrides: Any) -> dict[str, Any]:
    """A valid body for POST /cases, in the contract's shape."""
    body: dict[str, Any] = {
        "kind": "complaint",
        "channel": "phone",
        "title": "小区电梯长期故障无人维修",
        "content": "幸福小区3号楼电梯停运两周,物业不予维修。",
        "complainant": {
            "anonymous": False,
            "name": NAME,
            "phone": PHONE,
            "id_number": ID_NUMBER,
            "address": ADDRESS,
        },
        "respondent": {"name": "幸福物业管理有限公司", "address": "东城区幸福小区物业中心"},
        "category": "property",
        "address": "东城区幸福小区3号楼",
        "received_at": None,
        "severity": None,
    }
    body.update(overrides)
    return body


def with_complainant(**fields: Any) -> dict[str, Any]:
    """The default complainant with some fields replaced."""
    person = dict(case_body()["complainant"])
    person.update(fields)
    return person


def post_json(client: Client, path: str, body: Any) -> Response:
    """POST a JSON value (or a raw string, sent as is) to a path under /api/v1."""
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(API + path, data, content_type="application/json")


def create(client: Client, **overrides: Any) -> Response:
    return post_json(client, "/cases", case_body(**overrides))


def act(client: Client, case_id: int, verb: str, body: Any = None) -> Response:
    return post_json(client, f"/cases/{case_id}/actions/{verb}", {} if body is None else body)


def get(client: Client, path: str, params: Any = None) -> Response:
    return client.get(API + path, params or {})


def token_client(user: Any) -> Client:
    _row, secret = ApiToken.issue(user)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def error_of(response: Response, status: int) -> dict[str, Any]:
    """Assert the contract's error body with this status; return its `error` object."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == ({"error", "status"} if status == 409 else {"error"}), body
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}, error
    assert isinstance(error["code"], str)
    assert error["code"]
    assert error["code"] == error["code"].lower()
    assert " " not in error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    assert isinstance(error["fields"], dict)
    for name, texts in error["fields"].items():
        assert isinstance(name, str)
        assert isinstance(texts, list)
        assert texts
        assert all(isinstance(t, str) and t for t in texts)
    return error


def invalid(response: Response, *fields: str, status: int = 422) -> dict[str, Any]:
    """Assert an invalid-input error naming exactly these fields."""
    error = error_of(response, status)
    assert sorted(error["fields"]) == sorted(fields), error
    return error


def db_state() -> dict[str, Any]:
    """Everything a refused request must leave alone: row counts and every case's state."""
    return {
        "cases": list(
            Case.objects.order_by("pk").values_list(
                "pk",
                "status",
                "version",
                "unit_id",
                "severity",
                "handle_due",
                "unit_due",
                "extension_pending",
            )
        ),
        "events": CaseEvent.objects.count(),
        "complainants": Complainant.objects.count(),
        "respondents": Respondent.objects.count(),
        "demands": Demand.objects.count(),
        "assignments": list(
            Assignment.objects.order_by("pk").values_list("pk", "state", "identity_disclosed")
        ),
        "extensions": ExtensionRequest.objects.count(),
        "attachments": Attachment.objects.count(),
    }


# --- cases in a given state, set up through the workflow (the API is what the tests exercise) --

# The order of the closed loop, and the verb that leads into each status from the previous one.
LOOP = [
    "registered",
    "accepted",
    "dispatched",
    "handling",
    "result_submitted",
    "reviewed",
    "replied",
    "closed",
    "archived",
]


def advance(case: Case, org: dict[str, Any], to: str, now: datetime = MONDAY) -> Case:
    """Drive a registered case along the loop (dispatched to unit A) until it is in `to`."""
    clerk, handler = org["clerk"], org["unit_a_handler"]
    steps = {
        "accepted": lambda t: wf.accept(case, actor=clerk, now=t),
        "dispatched": lambda t: wf.dispatch(case, actor=clerk, now=t, unit="unit-a"),
        "handling": lambda t: wf.sign(case, actor=handler, now=t),
        "result_submitted": lambda t: wf.submit_result(
            case, actor=handler, now=t, result="已督促物业修复电梯", justified=True
        ),
        "reviewed": lambda t: wf.review(case, actor=clerk, now=t, approve=True),
        "replied": lambda t: wf.reply(
            case, actor=clerk, now=t, content="电梯已修复", channel="phone"
        ),
        "closed": lambda t: wf.callback(case, actor=clerk, now=t, satisfaction="satisfied"),
        "archived": lambda t: wf.archive(case, actor=clerk, now=t),
    }
    for position, status in enumerate(LOOP[1 : LOOP.index(to) + 1], start=1):
        steps[status](now + timedelta(minutes=position))
    assert case.status == to
    return case


# --- files ---------------------------------------------------------------------------------------


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real, minimal RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    """A minimal one-page PDF."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
