"""Attachments: recognised by their content (not their name), limited in size, stored encrypted
(tests/crypto/test_attachments_encrypted_at_rest.py), and only for those who may see the case."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import (
    API,
    Response,
    advance,
    db_state,
    error_of,
    get,
    invalid,
    pdf_bytes,
    png_bytes,
)
from tests.conftest import MONDAY
from tousu.cases.attachments import read
from tousu.cases.models import Attachment, Case, CaseEvent

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def upload(
    client: Client, case_id: int, name: str, data: bytes, content_type: str = ""
) -> Response:
    file = SimpleUploadedFile(name, data, content_type=content_type or "application/octet-stream")
    return client.post(f"{API}/cases/{case_id}/attachments", {"file": file})


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def docx_bytes() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_a_real_png_is_accepted_as_an_image(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, media: Path, clock: TimeMachineFixture
) -> None:
    case = make_case()
    data = png_bytes()

    response = upload(api_as("clerk"), case.pk, "现场照片.png", data, "image/png")

    assert response.status_code == 201, response.content
    body = response.json()
    row = Attachment.objects.get()
    assert body == {
        "id": row.pk,
        "name": "现场照片.png",
        "content_type": "image/png",
        "size": len(data),
        "confidential": False,
        "uploaded_at": "2026-03-02T10:00:00+08:00",
    }
    assert row.case == case
    assert row.uploaded_by == org["clerk"]
    [stored] = stored_files(media)
    assert data not in stored.read_bytes()
    assert read(row) == data
    assert CaseEvent.objects.filter(case=case, verb="attach").count() == 1


def test_the_type_comes_from_the_content_not_from_the_name_or_the_declared_type(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()

    response = upload(api_as("clerk"), case.pk, "scan.txt", png_bytes(), "text/plain")

    assert response.status_code == 201
    assert response.json()["content_type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("投诉书.pdf", pdf_bytes(), "application/pdf"),
        (
            "材料.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "image/jpeg"),
    ],
)
def test_documents_and_photos_are_accepted(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    clock: TimeMachineFixture,
    name: str,
    data: bytes,
    content_type: str,
) -> None:
    response = upload(api_as("clerk"), make_case().pk, name, data)

    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == content_type


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("photo.jpg", "这不是图片,只是改了扩展名的文本。".encode()),
        ("photo.png", b"<?php system($_GET['c']); ?>"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 40),  # a zip, but not an Office document
        ("run.sh", b"#!/bin/sh\nrm -rf /\n"),
        ("empty.png", b""),
    ],
)
def test_a_file_that_is_not_an_accepted_type_is_refused_naming_file_and_nothing_is_stored(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    media: Path,
    clock: TimeMachineFixture,
    name: str,
    data: bytes,
) -> None:
    case = make_case()
    before = db_state()

    response = upload(api_as("clerk"), case.pk, name, data, "image/jpeg")

    invalid(response, "file")
    assert db_state() == before
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    media: Path,
    settings: Any,
    clock: TimeMachineFixture,
) -> None:
    data = png_bytes(64, 64)
    settings.TOUSU_ATTACHMENT_MAX_BYTES = len(data) - 1
    case = make_case()
    before = db_state()

    response = upload(api_as("clerk"), case.pk, "big.png", data)

    invalid(response, "file", status=413)  # refused by its size before it is read
    assert db_state() == before
    assert stored_files(media) == []


def test_a_file_exactly_at_the_size_limit_is_accepted(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    settings: Any,
    clock: TimeMachineFixture,
) -> None:
    data = png_bytes(64, 64)
    settings.TOUSU_ATTACHMENT_MAX_BYTES = len(data)

    assert upload(api_as("clerk"), make_case().pk, "big.png", data).status_code == 201


def test_an_upload_without_a_file_part_is_refused(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()
    before = db_state()

    response = api_as("clerk").post(f"{API}/cases/{case.pk}/attachments", {"note": "no file"})

    assert error_of(response, 422)["code"] == "invalid_input"
    assert db_state() == before


def test_the_clerk_downloads_the_same_bytes_that_were_uploaded(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()
    data = png_bytes(3, 5)
    client = api_as("clerk")
    attachment_id = upload(client, case.pk, "现场照片.png", data).json()["id"]

    response = get(client, f"/cases/{case.pk}/attachments/{attachment_id}")

    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == data
    response.close()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_list_of_attachments_shows_each_upload(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = make_case()
    client = api_as("clerk")
    first = upload(client, case.pk, "a.png", png_bytes()).json()
    second = upload(client, case.pk, "b.pdf", pdf_bytes()).json()

    response = get(client, f"/cases/{case.pk}/attachments")

    assert response.status_code == 200
    assert response.json() == [first, second]


def test_the_handling_unit_may_add_and_read_files_of_its_case(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling")
    unit = api_as("unit_a_handler")
    data = png_bytes()

    created = upload(unit, case.pk, "整改后.png", data)

    assert created.status_code == 201
    response = get(unit, f"/cases/{case.pk}/attachments/{created.json()['id']}")
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == data
    response.close()


def test_unit_b_gets_404_for_upload_list_and_download_of_unit_as_case(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, media: Path, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling")
    attachment_id = upload(api_as("clerk"), case.pk, "a.png", png_bytes()).json()["id"]
    unit_b = api_as("unit_b_handler")
    before = db_state()
    files = stored_files(media)

    assert error_of(get(unit_b, f"/cases/{case.pk}/attachments"), 404)["code"] == "not_found"
    assert error_of(get(unit_b, f"/cases/{case.pk}/attachments/{attachment_id}"), 404)
    assert error_of(upload(unit_b, case.pk, "b.png", png_bytes(4, 4)), 404)
    assert db_state() == before
    assert stored_files(media) == files


def test_an_attachment_is_only_reachable_through_its_own_case(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case, other = make_case(), make_case()
    client = api_as("clerk")
    attachment_id = upload(client, case.pk, "a.png", png_bytes()).json()["id"]

    response = get(client, f"/cases/{other.pk}/attachments/{attachment_id}")

    assert error_of(response, 404)["code"] == "not_found"


def test_someone_who_sees_the_case_but_may_not_add_files_gets_403(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, media: Path, clock: TimeMachineFixture
) -> None:
    case = make_case()
    before = db_state()

    response = upload(api_as("analyst"), case.pk, "a.png", png_bytes())

    assert error_of(response, 403)["code"] == "forbidden"
    assert db_state() == before
    assert stored_files(media) == []


def test_no_file_may_be_added_to_an_archived_case(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, media: Path, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "archived")
    before = db_state()

    response = upload(api_as("clerk"), case.pk, "late.png", png_bytes())

    assert error_of(response, 409)["code"] == "invalid_state"
    assert response.json()["status"] == "archived"
    assert db_state() == before
    assert stored_files(media) == []


def test_a_path_in_the_file_name_is_neither_kept_nor_used_for_storage(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, media: Path, clock: TimeMachineFixture
) -> None:
    response = upload(api_as("clerk"), make_case().pk, "../../etc/passwd.png", png_bytes())

    assert response.status_code == 201
    assert "/" not in response.json()["name"]
    assert all(media in p.parents for p in stored_files(media))


def _upload_confidential(client: Client, case_id: int, data: bytes) -> Response:
    file = SimpleUploadedFile("举报信扫描件.png", data, content_type="image/png")
    return client.post(f"{API}/cases/{case_id}/attachments", {"file": file, "confidential": "true"})


def test_a_confidential_file_is_hidden_from_the_handling_unit(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling")
    letter = _upload_confidential(api_as("clerk"), case.pk, png_bytes())
    assert letter.status_code == 201
    assert letter.json()["confidential"] is True
    unit = api_as("unit_a_handler")

    listed = get(unit, f"/cases/{case.pk}/attachments")
    download = get(unit, f"/cases/{case.pk}/attachments/{letter.json()['id']}")

    assert listed.json() == []
    assert download.status_code == 404
    assert [a["id"] for a in get(api_as("clerk"), f"/cases/{case.pk}/attachments").json()] == [
        letter.json()["id"]
    ]


def test_a_confidential_file_reaches_the_unit_once_the_identity_is_disclosed(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, clock: TimeMachineFixture
) -> None:
    case = advance(make_case(), org, "handling")
    letter = _upload_confidential(api_as("clerk"), case.pk, png_bytes()).json()
    disclosed = api_as("deputy").post(
        f"{API}/cases/{case.pk}/actions/disclose_identity",
        {"reason": "需当面核实"},
        content_type="application/json",
    )
    assert disclosed.status_code == 200

    listed = get(api_as("unit_a_handler"), f"/cases/{case.pk}/attachments")

    assert [a["id"] for a in listed.json()] == [letter["id"]]
