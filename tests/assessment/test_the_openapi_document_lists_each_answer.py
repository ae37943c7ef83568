"""The assessment's endpoints in the OpenAPI document, each 4xx in the contract's error format
(the same check as tests/api/test_openapi.py, for these endpoints)."""

from __future__ import annotations

from typing import Any

from django.test import Client

ANSWERS: dict[tuple[str, str], set[int]] = {
    ("get", "/assessment/rankings"): {401, 403, 422},
    ("get", "/assessment/units/{code}/history"): {401, 403, 404, 422},
    ("post", "/units/{code}/sanctions"): {400, 401, 403, 404, 413, 422},
    ("get", "/units/{code}/sanctions"): {401, 403, 404},
    ("post", "/units/{code}/adjustments"): {400, 401, 403, 404, 413, 422},
    ("get", "/units/{code}/adjustments"): {401, 403, 404},
}


def test_each_endpoint_lists_the_4xx_answers_it_can_give(db: Any) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for (method, path), codes in ANSWERS.items():
        responses = paths[f"/api/v1{path}"][method]["responses"]
        assert {int(code) for code in responses if code.startswith("4")} == codes, path
        for code in codes:
            assert responses[str(code)]["content"] == {
                "application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}
            }
