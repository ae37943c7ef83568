"""Files brought with a new case: every file is checked by its content and size before the case
is registered; one bad file refuses the whole registration, and a failure while attaching leaves
no case behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, ngettext
from time_machine import TimeMachineFixture

from tests.api.helpers import pdf_bytes, png_bytes
from tests.conftest import MONDAY
from tests.workbench.intake_helpers import (
    NOTHING,
    counts,
    field_errors,
    phone_complaint,
    post_intake,
)
from tousu.cases import attachments
from tousu.cases.errors import InvalidInput
from tousu.cases.models import Attachment, Case, CaseEvent

Org = dict[str, Any]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


@pytest.fixture
def clerk(org: Org) -> Client:
    client = Client()
    client.force_login(org["clerk"])
    return client


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


NOT_ACCEPTED = "this type of file is not accepted (images, PDF, Office documents, audio)"


def test_a_photo_and_a_pdf_are_attached_to_the_new_case(clerk: Client, media: Path) -> None:
    files = [upload("现场照片.png", png_bytes(), "image/png"), upload("来信.pdf", pdf_bytes())]
    response = post_intake(clerk, phone_complaint(attachments=files))
    case = Case.objects.get()
    assert response.status_code == 302
    rows = list(case.attachments.order_by("id"))
    assert [(a.original_name, a.content_type, a.size, a.confidential) for a in rows] == [
        ("现场照片.png", "image/png", len(png_bytes()), False),
        ("来信.pdf", "application/pdf", len(pdf_bytes()), False),
    ]
    assert all(a.uploaded_by_id == case.registered_by_id and a.uploaded_at == MONDAY for a in rows)
    assert list(CaseEvent.objects.order_by("id").values_list("verb", flat=True)) == [
        "register",
        "attach",
        "attach",
    ]
    assert len(stored_files(media)) == 2
    done = clerk.get(response["Location"]).content.decode()
    with translation.override("zh-hans"):
        two_files = ngettext("%(n)s file", "%(n)s files", 2) % {"n": 2}
    assert two_files in done


def test_files_that_reveal_the_complainant_are_stored_as_confidential(clerk: Client) -> None:
    files = [upload("身份证.png", png_bytes(), "image/png")]
    post_intake(clerk, phone_complaint(attachments=files, confidential="on"))
    assert list(Attachment.objects.values_list("confidential", flat=True)) == [True]


def test_a_text_file_renamed_jpg_is_refused_and_no_case_is_registered(
    clerk: Client, media: Path
) -> None:
    files = [upload("照片.jpg", b"this is only text, not a photo", "image/jpeg")]
    response = post_intake(clerk, phone_complaint(attachments=files))
    html = response.content.decode()
    assert response.status_code == 422
    with translation.override("zh-hans"):
        expected = gettext("%(name)s: %(problem)s") % {
            "name": "照片.jpg",
            "problem": gettext(NOT_ACCEPTED),
        }
    assert f'<p class="error">{expected}</p>' in html
    assert counts() == NOTHING
    assert stored_files(media) == []
    # The browser cannot keep the chosen files when the form comes back: the page says so.
    assert (
        zh("The files you chose are not kept when the form is shown again: choose them again.")
        in html
    )


def test_one_bad_file_among_good_ones_refuses_them_all(clerk: Client, media: Path) -> None:
    files = [
        upload("a.png", png_bytes(), "image/png"),
        upload("b.exe", b"MZ\x90\x00 an executable"),
        upload("c.pdf", pdf_bytes()),
    ]
    response = post_intake(clerk, phone_complaint(attachments=files))
    assert response.status_code == 422
    assert counts() == NOTHING
    assert stored_files(media) == []


def test_every_bad_file_is_named_not_only_the_first(clerk: Client) -> None:
    files = [upload("one.jpg", b"text"), upload("two.png", b"more text")]
    html = post_intake(clerk, phone_complaint(attachments=files)).content.decode()
    assert "one.jpg" in html and "two.png" in html
    assert counts() == NOTHING


def test_a_file_over_the_size_limit_is_refused(clerk: Client, settings: Any) -> None:
    settings.TOUSU_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = png_bytes() + b"\x00" * (1024 * 1024)
    response = post_intake(
        clerk, phone_complaint(attachments=[upload("big.png", big, "image/png")])
    )
    with translation.override("zh-hans"):
        expected = gettext("%(name)s: %(problem)s") % {
            "name": "big.png",
            "problem": gettext("is larger than %(size)s MB") % {"size": 1},
        }
    assert response.status_code == 422
    assert f'<p class="error">{expected}</p>' in response.content.decode()
    assert counts() == NOTHING


def test_an_empty_file_is_refused(clerk: Client) -> None:
    response = post_intake(clerk, phone_complaint(attachments=[upload("empty.pdf", b"")]))
    assert response.status_code == 422
    assert counts() == NOTHING


def test_a_good_file_with_another_error_in_the_form_registers_nothing(clerk: Client) -> None:
    files = [upload("a.png", png_bytes(), "image/png")]
    response = post_intake(clerk, phone_complaint(title="", attachments=files))
    assert response.status_code == 422
    assert list(field_errors(response.content.decode())) == ["title"]
    assert counts() == NOTHING


def test_a_failure_while_attaching_leaves_no_case_behind(
    clerk: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_attach = attachments.attach

    def attach_then_fail(case: Case, **kwargs: Any) -> Attachment:
        calls.append(kwargs["name"])
        if len(calls) == 2:
            raise InvalidInput.one("file", "disk full")
        return real_attach(case, **kwargs)

    monkeypatch.setattr("tousu.workbench.views.intake.attach", attach_then_fail)
    files = [upload("a.png", png_bytes(), "image/png"), upload("b.pdf", pdf_bytes())]
    response = post_intake(clerk, phone_complaint(attachments=files))
    assert calls == ["a.png", "b.pdf"]
    assert response.status_code == 422
    assert '<p class="error">disk full</p>' in response.content.decode()
    assert counts() == NOTHING


def test_the_page_offers_a_drop_zone_and_says_drafts_keep_no_files(clerk: Client) -> None:
    html = clerk.get("/cases/new/").content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<div id="dropzone"' in html
    assert '<input type="file" name="attachments"' in html
    assert 'multiple id="id_attachments"' in html
    assert (
        zh("A draft keeps what you typed but never the files: after a reload, choose them again.")
        in html
    )
