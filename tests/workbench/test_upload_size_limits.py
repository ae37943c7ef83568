"""Files too large for the workbench are refused before they are read: a file over the
attachment limit is an error on the case page's file field (and no file of the upload is
stored), a request over the request limit gets the 413 page — the intake's included — with
nothing stored."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.api.helpers import db_state, pdf_bytes, png_bytes
from tests.workbench.case_helpers import NOW, client_for, field_errors
from tests.workbench.intake_helpers import INTAKE_URL, NOTHING, counts
from tousu.cases.models import Case

MakeCase = Callable[..., Case]
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


class NeverRead:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: Any) -> bytes:
        pytest.fail("the request body was read")

    readline = read


UNREAD_BODY: dict[str, Any] = {"wsgi.input": NeverRead()}


def named(name: str, data: bytes) -> io.BytesIO:
    """A file for the test client (a plain one: only the server's uploaded files are watched)."""
    file = io.BytesIO(data)
    file.name = name
    return file


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_file_over_the_limit_is_a_form_error_and_no_file_of_the_upload_is_read(
    org: dict[str, Any],
    make_case: MakeCase,
    settings: Any,
    media: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.TOUSU_ATTACHMENT_MAX_BYTES = 1 * MB
    case = make_case()
    before = db_state()
    files = [named("投诉信.pdf", pdf_bytes()), named("录音.png", png_bytes() + b"\0" * MB)]
    monkeypatch.setattr(UploadedFile, "read", property(lambda self: pytest.fail("a file was read")))

    response = client_for(org["clerk"]).post(
        reverse("workbench:upload", args=[case.pk]), {"file": files}
    )

    assert response.status_code == 422
    assert field_errors(response.content.decode(), "upload-file") == [
        "录音.png: is larger than 1 MB"
    ]
    assert db_state() == before
    assert stored_files(media) == []


def test_a_case_page_upload_over_the_request_limit_gets_the_413_page_unread(
    org: dict[str, Any], make_case: MakeCase, settings: Any, media: Path
) -> None:
    settings.TOUSU_REQUEST_MAX_BYTES = 5 * MB
    case = make_case()
    before = db_state()

    response = client_for(org["clerk"]).generic(
        "POST",
        reverse("workbench:upload", args=[case.pk]),
        b"x",
        content_type="multipart/form-data; boundary=b",
        CONTENT_LENGTH=str(5 * MB + 1),
        **UNREAD_BODY,
    )

    assert response.status_code == 413
    html = response.content.decode()
    assert "the request is larger than 5 MB in all: send fewer or smaller files at a time" in html
    assert "Nothing was saved." in html
    assert db_state() == before
    assert stored_files(media) == []


def test_an_intake_over_the_request_limit_gets_the_413_page_and_registers_nothing(
    org: dict[str, Any], settings: Any, media: Path
) -> None:
    settings.TOUSU_REQUEST_MAX_BYTES = 100 * MB

    response = client_for(org["clerk"]).generic(
        "POST",
        INTAKE_URL,
        b"x",
        content_type="multipart/form-data; boundary=b",
        CONTENT_LENGTH=str(100 * MB + 1),
        **UNREAD_BODY,
    )

    assert response.status_code == 413
    assert "the request is larger than 100 MB in all" in response.content.decode()
    assert counts() == NOTHING
    assert stored_files(media) == []
