"""Uploads are refused by their size before they are read: a file over the attachment limit by
the size it declares, a whole request over the request limit by its Content-Length — 413 in the
contract's error format, nothing stored — and `tousu serve` tells waitress the same."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from time_machine import TimeMachineFixture

from tests.api.helpers import API, db_state, error_of, png_bytes
from tests.conftest import MONDAY
from tousu import cli
from tousu.cases.models import Case

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def _zh(msgid: str, **values: Any) -> str:
    """The message as the API answers it (in the centre's language)."""
    with translation.override("zh-hans"):
        return gettext(msgid) % values


class NeverRead:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: Any) -> bytes:
        pytest.fail("the request body was read")

    readline = read


UNREAD_BODY: dict[str, Any] = {"wsgi.input": NeverRead()}


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_file_over_the_limit_is_refused_with_413_before_it_is_read(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    settings: Any,
    media: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.TOUSU_ATTACHMENT_MAX_BYTES = 1 * MB
    case = make_case()
    before = db_state()
    photo = io.BytesIO(png_bytes() + b"\0" * MB)
    photo.name = "现场.png"  # (a plain file for the test client: only the server's is watched)
    monkeypatch.setattr(
        UploadedFile, "read", property(lambda self: pytest.fail("the file was read"))
    )

    response = api_as("clerk").post(f"{API}/cases/{case.pk}/attachments", {"file": photo})

    error = error_of(response, 413)
    assert (error["code"], error["message"], error["fields"]) == (
        "too_large",
        _zh("the file is too large"),
        {"file": [_zh("is larger than %(size)s MB", size=1)]},
    )
    assert db_state() == before
    assert stored_files(media) == []


def test_a_request_over_the_total_limit_is_refused_before_its_body_is_read(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, settings: Any, media: Path
) -> None:
    settings.TOUSU_REQUEST_MAX_BYTES = 5 * MB
    case = make_case()
    before = db_state()

    response = api_as("clerk").generic(
        "POST",
        f"{API}/cases/{case.pk}/attachments",
        b"x",
        content_type="multipart/form-data; boundary=b",
        CONTENT_LENGTH=str(5 * MB + 1),
        **UNREAD_BODY,
    )

    error = error_of(response, 413)
    assert (error["code"], error["message"], error["fields"]) == (
        "too_large",
        _zh(
            "the request is larger than %(size)s MB in all: send fewer or smaller files at a time",
            size=5,
        ),
        {},
    )
    assert db_state() == before
    assert stored_files(media) == []


def test_a_request_exactly_at_the_total_limit_goes_through(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, settings: Any
) -> None:
    case = make_case()
    url = f"{API}/cases/{case.pk}/attachments"

    def photo() -> SimpleUploadedFile:
        return SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png")

    size = int(RequestFactory().post(url, {"file": photo()}).META["CONTENT_LENGTH"])
    settings.TOUSU_REQUEST_MAX_BYTES = size

    response = api_as("clerk").post(url, {"file": photo()})

    assert response.status_code == 201, response.content
    assert int(response.wsgi_request.META["CONTENT_LENGTH"]) == size


def test_tousu_serve_gives_waitress_a_ceiling_just_above_the_request_limit(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TOUSU_REQUEST_MAX_BYTES = 100 * MB
    served: dict[str, Any] = {}
    monkeypatch.setattr("waitress.serve", lambda app, **options: served.update(options))

    cli.main(["serve", "--port", "8123"])

    assert served["max_request_body_size"] == 101 * MB
    assert served["port"] == 8123
