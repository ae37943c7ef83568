"""The migration `cases.0006` seals what earlier versions stored: `v1:` personal data (one key, no
row binding) becomes `v2:` bound to its row, and plaintext attachment files become encrypted ones,
the plaintext removed."""

from __future__ import annotations

import base64
import hashlib
import importlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps as django_apps
from django.db import connection

from tests.api.helpers import ADDRESS, ID_NUMBER, NAME, PHONE, pdf_bytes, png_bytes
from tests.conftest import MONDAY
from tousu.cases.attachments import read
from tousu.cases.models import Attachment, Case, Complainant
from tousu.cases.registration import NewComplainant
from tousu.lib import crypto

MakeCase = Callable[..., Case]
PERSONAL = ["name", "id_number", "phone", "address"]
migration = importlib.import_module("tousu.cases.migrations.0006_seal_existing_personal_data")
SCHEMA_EDITOR = SimpleNamespace(connection=connection)


def v1(plaintext: str, secret: str) -> str:
    """How version 1 sealed a value: the key from HKDF, no associated data."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"tousu", info=b"personal-data").derive(
        secret.encode()
    )
    nonce = os.urandom(12)
    return (
        "v1:"
        + base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plaintext.encode(), None)).decode()
    )


def columns(person: Complainant) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, id_number, phone, address FROM cases_complainant WHERE id = %s",
            [person.pk],
        )
        [row] = cursor.fetchall()
    return dict(zip(PERSONAL, row, strict=True))


def store_v1(person: Complainant, secret: str) -> None:
    values = [v1(v, secret) for v in (NAME, ID_NUMBER, PHONE, ADDRESS)]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_complainant SET name = %s, id_number = %s, phone = %s, address = %s "
            "WHERE id = %s",
            [*values, person.pk],
        )


def test_a_v1_value_is_refused_until_the_migration_reseals_it_for_its_row(
    settings: Any, make_case: MakeCase
) -> None:
    person = make_case().complainants.get()
    store_v1(person, settings.TOUSU_DATA_KEY)
    with pytest.raises(crypto.DecryptionError, match="run the migrations"):
        _ = Complainant.objects.get(pk=person.pk).phone

    migration.reseal_complainants(django_apps, SCHEMA_EDITOR)

    assert all(v.startswith(f"v2:{crypto.current_key_id()}:") for v in columns(person).values())
    resealed = Complainant.objects.get(pk=person.pk)
    assert [getattr(resealed, f) for f in PERSONAL] == [NAME, ID_NUMBER, PHONE, ADDRESS]


def test_a_v1_value_sealed_by_an_old_key_is_resealed_with_the_current_one(
    settings: Any, make_case: MakeCase
) -> None:
    old = "an-old-data-key-" + "x" * 24
    person = make_case().complainants.get()
    store_v1(person, old)
    settings.TOUSU_DATA_KEYS_OLD = [old]

    migration.reseal_complainants(django_apps, SCHEMA_EDITOR)

    assert columns(person)["phone"].startswith(f"v2:{crypto.current_key_id()}:")
    settings.TOUSU_DATA_KEYS_OLD = []
    assert Complainant.objects.get(pk=person.pk).phone == PHONE


def test_values_already_in_v2_and_empty_ones_are_left_alone(make_case: MakeCase) -> None:
    person = make_case(complainants=[NewComplainant(name="赵六")]).complainants.get()
    before = columns(person)
    assert before["name"].startswith("v2:")
    assert (before["phone"], before["id_number"], before["address"]) == ("", "", "")

    migration.reseal_complainants(django_apps, SCHEMA_EDITOR)

    assert columns(person) == before


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def plaintext_attachment(case: Case, data: bytes, media: Path) -> Attachment:
    """An attachment as version 1 stored it: under its content hash, in clear, world-readable."""
    digest = hashlib.sha256(data).hexdigest()
    path = media / "attachments" / digest[:2] / digest
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
    path.write_bytes(data)
    path.chmod(0o644)
    return Attachment.objects.create(
        case=case,
        file=f"attachments/{digest[:2]}/{digest}",
        original_name="举报信.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=digest,
        uploaded_at=MONDAY,
    )


def test_plaintext_files_are_encrypted_and_the_plaintext_removed(
    make_case: MakeCase, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    case = make_case()
    letter = pdf_bytes() + os.urandom(100_000)
    first = plaintext_attachment(case, letter, media)
    again = plaintext_attachment(case, letter, media)  # v1 shared one file for the same content
    photo = plaintext_attachment(case, png_bytes(), media)
    old_names = {str(first.file.name), str(photo.file.name)}

    with django_capture_on_commit_callbacks(execute=True):
        migration.seal_attachments(django_apps, SCHEMA_EDITOR)

    rows = list(Attachment.objects.order_by("pk"))
    assert [read(r) for r in rows] == [letter, letter, png_bytes()]
    assert len({r.file.name for r in rows}) == 3
    assert not {r.file.name for r in rows} & old_names
    files = [p for p in media.rglob("*") if p.is_file()]
    assert len(files) == 3
    assert all(letter[:100] not in p.read_bytes() for p in files)
    assert all(png_bytes() not in p.read_bytes() for p in files)
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}
    folders = [p for p in (media / "attachments").rglob("*") if p.is_dir()]
    assert {stat.S_IMODE(p.stat().st_mode) for p in [*folders, media / "attachments"]} == {0o700}
    assert not any((media / n).exists() for n in old_names)
    assert [r.pk for r in rows] == [first.pk, again.pk, photo.pk]
