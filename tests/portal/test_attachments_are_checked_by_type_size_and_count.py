"""Photos, videos, PDF and Office documents are accepted, recognised by their content; a file of
another type (whatever its name says), a file over the size limit, or more files than the portal
takes refuse the whole submission, naming `attachments`, with nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tousu.cases.models import Attachment, Case

from .conftest import MP4, PDF, PNG, docx, valid_form


def _post(*files: SimpleUploadedFile) -> Any:
    return Client().post("/portal/new/", valid_form(attachments=list(files)))


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("photo.png", PNG, "image/png"),
        ("video.mp4", MP4, "video/mp4"),
        ("letter.pdf", PDF, "application/pdf"),
        (
            "letter.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_each_accepted_kind_of_file_is_kept_with_the_type_its_content_shows(
    org: dict[str, Any], name: str, data: bytes, content_type: str
) -> None:
    answer = _post(SimpleUploadedFile(name, data, "application/octet-stream"))
    assert answer.status_code == 302
    row = Attachment.objects.get()
    assert (row.content_type, row.size) == (content_type, len(data))


def _refused(answer: Any) -> None:
    assert answer.status_code == 422
    assert 'data-error-for="attachments"' in answer.content.decode()
    assert (Case.objects.count(), Attachment.objects.count()) == (0, 0)


def test_a_file_that_only_claims_to_be_a_photo_is_refused(org: dict[str, Any]) -> None:
    _refused(_post(SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a picture", "image/jpeg")))


def test_an_empty_file_is_refused(org: dict[str, Any]) -> None:
    _refused(_post(SimpleUploadedFile("photo.png", b"", "image/png")))


def test_a_file_over_the_size_limit_is_refused(org: dict[str, Any], settings: Any) -> None:
    settings.TOUSU_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = PNG + b"\0" * (1024 * 1024)
    _refused(_post(SimpleUploadedFile("big.png", big, "image/png")))


def test_more_files_than_the_portal_takes_are_refused(org: dict[str, Any], settings: Any) -> None:
    settings.TOUSU_PORTAL_MAX_FILES = 2
    files = [SimpleUploadedFile(f"p{i}.png", PNG, "image/png") for i in range(3)]
    answer = _post(*files)
    _refused(answer)
    assert "2" in answer.content.decode().split('data-error-for="attachments"', 1)[1][:200]


def test_one_bad_file_among_good_ones_refuses_them_all(org: dict[str, Any]) -> None:
    good = SimpleUploadedFile("photo.png", PNG, "image/png")
    bad = SimpleUploadedFile("notes.txt", b"just text", "text/plain")
    _refused(_post(good, bad))
