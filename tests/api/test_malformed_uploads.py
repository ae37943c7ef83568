"""A malformed multipart upload to the API is a 400 in the contract's error format, as the
workbench answers it — never a 500 — and stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from time_machine import TimeMachineFixture

from tests.api.helpers import API, db_state, error_of, png_bytes
from tests.conftest import MONDAY
from tousu.cases.models import Attachment, Case

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]

MULTIPART = "multipart/form-data; boundary=b"
FILE_HEADERS = (
    'Content-Disposition: form-data; name="file"; filename="现场照片.png"\r\n'
    "Content-Type: image/png"
)


def _zh(msgid: str, **values: Any) -> str:
    """The message as the API answers it (in the centre's language)."""
    with translation.override("zh-hans"):
        return gettext(msgid) % values if values else gettext(msgid)


PROBLEM = _zh(
    "is not valid multipart/form-data: it needs the boundary given in the Content-Type, "
    "and each part's headers (its file and field names) at most %(limit)s bytes long",
    limit=1024,
)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def multipart(*parts: tuple[str, bytes], boundary: str = "b") -> bytes:
    """A multipart body written by hand, as a careless or hostile client would send it."""
    dashes = f"--{boundary}".encode()
    body = b"".join(dashes + b"\r\n" + h.encode() + b"\r\n\r\n" + d + b"\r\n" for h, d in parts)
    return body + dashes + b"--\r\n"


def photo(headers: str = FILE_HEADERS) -> tuple[str, bytes]:
    return headers, png_bytes()


MALFORMED: dict[str, tuple[bytes, str]] = {
    "no-boundary": (multipart(photo()), "multipart/form-data"),
    "an-empty-boundary": (multipart(photo()), "multipart/form-data; boundary="),
    "a-boundary-of-2000-characters": (
        multipart(photo(), boundary="b" * 2000),
        "multipart/form-data; boundary=" + "b" * 2000,
    ),
    "a-file-name-of-1000-characters": (
        multipart(photo(FILE_HEADERS.replace("现场照片", "a" * 1000))),
        MULTIPART,
    ),
    "a-file-name-of-1000-chinese-characters": (
        multipart(photo(FILE_HEADERS.replace("现场照片", "照" * 1000))),
        MULTIPART,
    ),
    "a-field-name-of-100000-characters": (
        multipart(photo(), (f'Content-Disposition: form-data; name="{"x" * 100_000}"', b"1")),
        MULTIPART,
    ),
    "the-file-under-a-name-of-100000-characters": (
        multipart(photo(FILE_HEADERS.replace('name="file"', f'name="{"f" * 100_000}"'))),
        MULTIPART,
    ),
}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [pytest.param(*request, id=name) for name, request in MALFORMED.items()],
)
def test_a_malformed_upload_is_a_bad_request_and_stores_nothing(
    org: dict[str, Any],
    make_case: MakeCase,
    api_as: ApiAs,
    media: Path,
    body: bytes,
    content_type: str,
) -> None:
    case = make_case()
    before = db_state()

    response = api_as("clerk").generic(
        "POST", f"{API}/cases/{case.pk}/attachments", body, content_type=content_type
    )

    error = error_of(response, 400)
    assert (error["code"], error["message"], error["fields"]) == (
        "bad_request",
        _zh("the multipart body cannot be read"),
        {"body": [PROBLEM]},
    )
    assert db_state() == before
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_a_file_name_just_inside_the_header_limit_is_accepted_and_shortened(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs
) -> None:
    case = make_case()
    name = "a" * 900 + ".png"
    body = multipart(photo(FILE_HEADERS.replace("现场照片.png", name)))

    response = api_as("clerk").generic(
        "POST", f"{API}/cases/{case.pk}/attachments", body, content_type=MULTIPART
    )

    assert response.status_code == 201, response.content
    assert Attachment.objects.get().original_name == name[-200:]
