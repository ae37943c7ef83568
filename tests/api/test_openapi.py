"""The OpenAPI document tells a client every 4xx answer each endpoint can give, each in the
contract's error format, so that clients can be generated and checked against it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

V1 = "/api/v1"

# What each endpoint can answer besides success (the behaviour the other API tests check):
# 401 without a valid token everywhere; 422 for a bad path, query or body; 404 for a case the
# caller may not see; 400 for a body that cannot be parsed; 413 for one too large; 403 for a
# caller who sees the case but may not do this; 409 for a verb not allowed in the case's status.
ANSWERS: dict[tuple[str, str], set[int]] = {
    ("get", "/me"): {401},
    ("get", "/units"): {401},
    ("get", "/categories"): {401},
    ("post", "/cases"): {400, 401, 403, 413, 422},
    ("get", "/cases"): {401, 422},
    ("get", "/cases/counts"): {401},
    ("get", "/cases/{case_id}"): {401, 404, 422},
    ("get", "/cases/{case_id}/events"): {401, 404, 422},
    ("post", "/cases/{case_id}/actions/{verb}"): {400, 401, 403, 404, 409, 413, 422},
    ("post", "/cases/{case_id}/attachments"): {400, 401, 403, 404, 409, 413, 422},
    ("get", "/cases/{case_id}/attachments"): {401, 404, 422},
    ("get", "/cases/{case_id}/attachments/{attachment_id}"): {401, 404, 422},
    ("get", "/notifications"): {401, 422},
    ("post", "/notifications/{notification_id}/read"): {401, 404, 422},
    # A case's letters: 403 for a letter the caller may not have, 409 when the case has nothing
    # for it yet (docs/documents.md).
    ("get", "/cases/{case_id}/documents/{filename}"): {401, 403, 404, 409, 422},
    # Statistics: 403 for a caller who reads none; 404 for another unit's list.
    ("get", "/stats/summary"): {401, 403, 422},
    ("get", "/stats/units"): {401, 403, 404, 422},
    ("get", "/stats/report.pdf"): {401, 403, 422},
    ("get", "/stats/report.xlsx"): {401, 403, 422},
    ("get", "/stats/bulletin.docx"): {401, 403, 422},
    # The assessment: a unit leader asking for another unit's rows gets a 404.
    ("get", "/assessment/rankings"): {401, 403, 422},
    ("get", "/assessment/units/{code}/history"): {401, 403, 404, 422},
    ("post", "/units/{code}/sanctions"): {400, 401, 403, 404, 413, 422},
    ("get", "/units/{code}/sanctions"): {401, 403, 404},
    ("get", "/units/{code}/sanctions/{filename}"): {401, 404, 422},
    ("post", "/units/{code}/adjustments"): {400, 401, 403, 404, 413, 422},
    ("get", "/units/{code}/adjustments"): {401, 403, 404},
}


@pytest.fixture
def document(db: Any) -> dict[str, Any]:
    response = Client().get(f"{V1}/openapi.json")
    assert response.status_code == 200
    doc: dict[str, Any] = response.json()
    return doc


def operations(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method, path.removeprefix(V1)): operation
        for path, methods in doc["paths"].items()
        for method, operation in methods.items()
    }


def test_the_document_describes_exactly_the_endpoints_this_test_knows(
    document: dict[str, Any],
) -> None:
    assert set(operations(document)) == set(ANSWERS)


@pytest.mark.parametrize(("method", "path"), sorted(ANSWERS))
def test_each_endpoint_lists_the_4xx_answers_it_can_give(
    document: dict[str, Any], method: str, path: str
) -> None:
    responses = operations(document)[(method, path)]["responses"]

    listed = {int(code) for code in responses if code.startswith("4")}
    assert listed == ANSWERS[(method, path)]
    for code in listed:
        content = responses[str(code)]["content"]
        assert content == {
            "application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}
        }


def test_the_error_schema_is_the_contracts_error_format(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]

    error = schemas["ApiError"]
    assert error["required"] == ["error"]
    assert error["properties"]["error"] == {"$ref": "#/components/schemas/ApiErrorDetail"}
    assert set(error["properties"]) == {"error", "status"}  # status: the case's, on a 409
    detail = schemas["ApiErrorDetail"]
    assert detail["required"] == ["code", "message", "fields"]
    assert detail["properties"]["code"]["type"] == "string"
    assert detail["properties"]["message"]["type"] == "string"
    assert detail["properties"]["fields"]["type"] == "object"
    assert detail["properties"]["fields"]["additionalProperties"] == {
        "items": {"type": "string"},
        "type": "array",
    }
