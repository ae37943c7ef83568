"""Uploaded files are encrypted on disk, each under its own key sealed by the data key, readable
by the service's user only — and downloads still give back exactly what was uploaded."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from time_machine import TimeMachineFixture

from tests.api.helpers import API, get, pdf_bytes, png_bytes
from tests.conftest import MONDAY
from tousu.cases.attachments import open_file, read
from tousu.cases.models import Attachment, Case
from tousu.lib import crypto, filecrypt

ApiAs = Callable[[str], Client]
MakeCase = Callable[..., Case]

# A signed letter of three chunks and a bit: the sealed file is more than one piece.
LETTER = pdf_bytes() + b"%" + os.urandom(3 * filecrypt.CHUNK + 1000)
HEADER = len(filecrypt.MAGIC) + 4  # then each chunk sealed: its plaintext and a 16-byte tag
PIECE = filecrypt.CHUNK + 16


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def upload(client: Client, case: Case, name: str, data: bytes) -> int:
    file = SimpleUploadedFile(name, data, content_type="application/pdf")
    response = client.post(f"{API}/cases/{case.pk}/attachments", {"file": file})
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_signed_letter_on_disk_is_ciphertext_readable_by_the_owner_only(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, media: Path
) -> None:
    case = make_case()

    upload(api_as("clerk"), case, "举报信.pdf", LETTER)

    [path] = stored_files(media)
    on_disk = path.read_bytes()
    assert LETTER[:200] not in on_disk
    assert LETTER[-200:] not in on_disk
    assert b"%PDF" not in on_disk
    assert on_disk.startswith(filecrypt.MAGIC)
    assert mode(path) == 0o600
    folders = [p for p in path.relative_to(media).parents if p != Path(".")]
    assert [mode(media / p) for p in folders] == [0o700] * len(folders)


def test_the_download_gives_back_the_original_bytes_with_their_length(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs
) -> None:
    case = make_case()
    client = api_as("clerk")
    attachment_id = upload(client, case, "举报信.pdf", LETTER)

    response = get(client, f"/cases/{case.pk}/attachments/{attachment_id}")

    assert response.status_code == 200
    assert response["Content-Length"] == str(len(LETTER))
    assert b"".join(response.streaming_content) == LETTER  # type: ignore[attr-defined]
    response.close()


def test_the_same_file_uploaded_twice_is_stored_twice_under_different_names_and_keys(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, media: Path
) -> None:
    case = make_case()
    client = api_as("clerk")

    upload(client, case, "a.png", png_bytes())
    upload(client, case, "b.png", png_bytes())

    first, second = Attachment.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert first.file_key != second.file_key
    assert first.sha256 == second.sha256
    assert len({p.read_bytes() for p in stored_files(media)}) == 2
    assert read(first) == read(second) == png_bytes()


def test_the_file_key_is_stored_sealed_for_its_attachment(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs
) -> None:
    case = make_case()
    attachment_id = upload(api_as("clerk"), case, "a.png", png_bytes())

    with connection.cursor() as cursor:
        cursor.execute("SELECT file_key FROM cases_attachment WHERE id = %s", [attachment_id])
        [(stored,)] = cursor.fetchall()

    assert stored.startswith(f"v2:{crypto.current_key_id()}:")
    assert stored != Attachment.objects.get().file_key


def test_a_file_key_moved_to_an_attachment_of_another_case_does_not_open_it(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs
) -> None:
    client = api_as("clerk")
    letter = upload(client, make_case(), "举报信.pdf", LETTER)
    photo = upload(client, make_case(), "photo.png", png_bytes())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_attachment SET file_key = (SELECT file_key FROM cases_attachment "
            "WHERE id = %s) WHERE id = %s",
            [letter, photo],
        )

    with pytest.raises(crypto.DecryptionError, match="does not belong to"):
        read(Attachment.objects.get(pk=photo))


def test_an_altered_file_on_disk_is_refused_rather_than_served(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, media: Path
) -> None:
    upload(api_as("clerk"), make_case(), "举报信.pdf", LETTER)
    [path] = stored_files(media)
    sealed = bytearray(path.read_bytes())
    sealed[HEADER + 2 * PIECE + 10] ^= 1  # one bit in the third chunk
    path.write_bytes(bytes(sealed))
    row = Attachment.objects.get()

    with open_file(row) as plain:
        assert plain.read(filecrypt.CHUNK) == LETTER[: filecrypt.CHUNK]
        with pytest.raises(filecrypt.CorruptFile, match="chunk 2"):
            plain.read()


def test_a_sealed_file_cut_short_at_a_chunk_boundary_is_refused(
    org: dict[str, Any], make_case: MakeCase, api_as: ApiAs, media: Path
) -> None:
    upload(api_as("clerk"), make_case(), "举报信.pdf", LETTER)
    [path] = stored_files(media)
    path.write_bytes(path.read_bytes()[: HEADER + 2 * PIECE])

    with pytest.raises(filecrypt.CorruptFile, match="chunk 1"):
        read(Attachment.objects.get())
