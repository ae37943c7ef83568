"""Nothing Tousu answers may be kept by a browser's or a proxy's cache: every API response,
errors included, and every workbench page carry `Cache-Control: no-store` (they hold personal
data). The static files, the same for everyone, stay cacheable."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.helpers import API, png_bytes


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/me", 200),
        ("/cases", 200),
        ("/cases/{id}", 200),
        ("/cases/{id}/events", 200),
        ("/cases/999999", 404),
        ("/cases/not-a-number", 422),
        ("/cases?page=0", 422),
        ("/no-such-endpoint", 404),
    ],
)
def test_every_api_answer_to_a_token_holder_is_no_store(
    make_case: Any, api_as: Any, path: str, status: int
) -> None:
    case = make_case()

    response = api_as("clerk").get(API + path.format(id=case.pk))

    assert response.status_code == status
    assert response["Cache-Control"] == "no-store"


def test_the_apis_refusals_are_no_store(make_case: Any, api_as: Any) -> None:
    case = make_case()

    unauthenticated = Client().get(f"{API}/cases/{case.pk}")
    forbidden = api_as("analyst").post(
        f"{API}/cases/{case.pk}/actions/accept", "{}", content_type="application/json"
    )

    assert (unauthenticated.status_code, unauthenticated["Cache-Control"]) == (401, "no-store")
    assert (forbidden.status_code, forbidden["Cache-Control"]) == (403, "no-store")


def test_a_downloaded_attachment_is_no_store(make_case: Any, api_as: Any) -> None:
    case = make_case()
    clerk = api_as("clerk")
    uploaded = clerk.post(
        f"{API}/cases/{case.pk}/attachments",
        {"file": SimpleUploadedFile("photo.png", png_bytes(), "image/png")},
    )
    assert uploaded.status_code == 201

    response = clerk.get(f"{API}/cases/{case.pk}/attachments/{uploaded.json()['id']}")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("page", ["/", "/cases/{id}/", "/cases/{id}/print/", "/search/?q=电梯"])
def test_the_workbench_pages_with_personal_data_are_no_store(
    org: dict[str, Any], make_case: Any, page: str
) -> None:
    case = make_case()
    client = Client()
    client.force_login(org["clerk"])

    response = client.get(page.format(id=case.pk))

    assert response.status_code == 200
    assert "no-store" in directives(response)


def test_the_static_files_stay_cacheable(db: Any) -> None:
    response = Client().get("/static/workbench/app.css")

    assert response.status_code == 200
    assert "no-store" not in directives(response)


def directives(response: Any) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}
