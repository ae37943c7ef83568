"""Files on the case page: listed for those who may see the case, uploaded (several at once, all
or none) by those who work it, downloaded under their original name, previewed in the page when
they are images or PDFs — and confidential ones kept from the handling unit until the centre
discloses who complained."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.api.helpers import advance, pdf_bytes, png_bytes
from tests.workbench.case_helpers import HTMX, NOW, case_url, client_for, field_errors
from tousu.cases import workflow as wf
from tousu.cases.attachments import attach
from tousu.cases.models import Attachment, Case, CaseEvent

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(NOW, tick=False)
    return time_machine


def upload_url(case: Case) -> str:
    return reverse("workbench:upload", args=[case.pk])


def file_url(case: Case, row: Attachment) -> str:
    return reverse("workbench:attachment", args=[case.pk, row.pk])


def upload(client: Client, case: Case, *files: tuple[str, bytes], **extra: Any) -> Any:
    data: dict[str, Any] = {"file": [SimpleUploadedFile(name, content) for name, content in files]}
    if extra.pop("confidential", False):
        data["confidential"] = "on"
    return client.post(upload_url(case), data, **extra)


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def letter(case: Case, org: dict[str, Any]) -> tuple[Attachment, Attachment]:
    """A public photo and a confidential signed letter, added by the clerk."""
    photo = attach(case, actor=org["clerk"], now=NOW, name="电梯.png", data=png_bytes())
    signed = attach(
        case, actor=org["clerk"], now=NOW, name="签名信.pdf", data=pdf_bytes(), confidential=True
    )
    return photo, signed


def test_the_clerk_uploads_several_files_at_once(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()
    client = client_for(org["clerk"])

    response = upload(client, case, ("现场.png", png_bytes()), ("投诉信.pdf", pdf_bytes()))

    assert response.status_code == 302
    rows = list(Attachment.objects.filter(case=case).order_by("id"))
    assert [(r.original_name, r.content_type, r.confidential) for r in rows] == [
        ("现场.png", "image/png", False),
        ("投诉信.pdf", "application/pdf", False),
    ]
    assert CaseEvent.objects.filter(case=case, verb="attach").count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "2 file(s) added." in html
    assert f'<a class="file-link" href="{file_url(case, rows[0])}">现场.png</a>' in html
    assert f'<img src="{file_url(case, rows[0])}?inline=1"' in html
    assert f'<a class="preview-pdf no-print" href="{file_url(case, rows[1])}?inline=1"' in html


def test_an_htmx_upload_swaps_in_the_page_with_the_new_file(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()

    response = upload(client_for(org["clerk"]), case, ("现场.png", png_bytes()), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<article id="case-page"')
    assert ">现场.png</a>" in html


def test_one_bad_file_refuses_the_whole_upload_with_the_error_next_to_the_field(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()

    response = upload(
        client_for(org["clerk"]), case, ("现场.png", png_bytes()), ("病毒.exe", b"MZ\x90\x00")
    )

    assert response.status_code == 422
    assert field_errors(response.content.decode(), "upload-file") == [
        "病毒.exe: this type of file is not accepted (images, PDF, Office documents, audio)"
    ]
    assert Attachment.objects.filter(case=case).count() == 0
    assert CaseEvent.objects.filter(case=case, verb="attach").count() == 0


def test_an_upload_without_a_file_asks_for_one(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()

    response = client_for(org["clerk"]).post(upload_url(case), {})

    assert response.status_code == 422
    assert field_errors(response.content.decode(), "upload-file") == ["This field is required."]


def test_the_download_carries_the_original_name(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()
    _photo, signed = letter(case, org)
    client = client_for(org["clerk"])

    response = client.get(file_url(case, signed))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E7%AD%BE%E5%90%8D%E4%BF%A1.pdf"
    )
    assert body(response) == pdf_bytes()


def test_images_and_pdfs_open_inline_for_the_preview(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    photo, signed = letter(case, org)
    client = client_for(org["clerk"])

    image = client.get(file_url(case, photo) + "?inline=1")
    pdf = client.get(file_url(case, signed) + "?inline=1")

    assert image["Content-Disposition"].startswith("inline;")
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert pdf["Content-Disposition"].startswith("inline;")


def test_other_files_are_always_downloaded(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()
    # A WAV file: accepted, but never shown inside the page.
    wav = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32
    row = attach(case, actor=org["clerk"], now=NOW, name="录音.wav", data=wav)

    response = client_for(org["clerk"]).get(file_url(case, row) + "?inline=1")

    assert response["Content-Disposition"].startswith("attachment;")


def test_the_unit_does_not_see_confidential_files_until_disclosure(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    photo, signed = letter(case, org)
    advance(case, org, "handling", NOW)
    unit = client_for(org["unit_a_handler"])

    html = unit.get(case_url(case)).content.decode()
    assert ">电梯.png</a>" in html
    assert "签名信.pdf" not in html  # neither in the list nor in the timeline
    assert "<dt>file</dt><dd>a confidential file</dd>" in html
    assert unit.get(file_url(case, signed)).status_code == 404
    assert unit.get(file_url(case, photo)).status_code == 200

    wf.disclose_identity(case, actor=org["deputy"], now=NOW, reason="需联系诉求人")

    html = unit.get(case_url(case)).content.decode()
    assert ">签名信.pdf</a>" in html
    assert unit.get(file_url(case, signed)).status_code == 200


@pytest.mark.parametrize("username", ["unit_b_handler", "nobody"])
def test_those_who_cannot_see_the_case_get_404_for_its_files(
    org: dict[str, Any], make_case: MakeCase, username: str
) -> None:
    case = make_case()
    photo, _signed = letter(case, org)
    advance(case, org, "handling", NOW)

    client = client_for(org[username])

    assert client.get(file_url(case, photo)).status_code == 404
    assert upload(client, case, ("x.png", png_bytes())).status_code == 404
    assert Attachment.objects.filter(case=case).count() == 2


def test_a_file_of_another_case_is_404(org: dict[str, Any], make_case: MakeCase) -> None:
    case, other = make_case(), make_case()
    photo, _signed = letter(other, org)

    response = client_for(org["clerk"]).get(file_url(case, photo))

    assert response.status_code == 404


def test_the_unit_holding_the_case_may_add_files(org: dict[str, Any], make_case: MakeCase) -> None:
    case = advance(make_case(), org, "handling", NOW)
    client = client_for(org["unit_a_handler"])
    assert 'id="form-upload"' in client.get(case_url(case)).content.decode()

    response = upload(client, case, ("整改照片.png", png_bytes()))

    assert response.status_code == 302
    assert Attachment.objects.get(case=case).uploaded_by == org["unit_a_handler"]


@pytest.mark.parametrize("username", ["analyst", "supervisor"])
def test_who_may_not_add_files_is_not_offered_the_form_and_gets_403(
    org: dict[str, Any], make_case: MakeCase, username: str
) -> None:
    case = make_case()
    client = client_for(org[username])
    assert 'id="form-upload"' not in client.get(case_url(case)).content.decode()

    response = upload(client, case, ("x.png", png_bytes()))

    assert response.status_code == 403
    assert Attachment.objects.filter(case=case).count() == 0


def test_no_files_are_added_to_an_archived_case(org: dict[str, Any], make_case: MakeCase) -> None:
    case = advance(make_case(), org, "archived", NOW)
    client = client_for(org["clerk"])
    assert 'id="form-upload"' not in client.get(case_url(case)).content.decode()

    response = upload(client, case, ("x.png", png_bytes()))

    assert response.status_code == 409
    assert "files cannot be added to a closed case" in response.content.decode()
    assert Attachment.objects.filter(case=case).count() == 0
