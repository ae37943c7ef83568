"""Rotating the data key: the new key seals, the old one (TOUSU_DATA_KEYS_OLD) still opens what it
sealed, and a ciphertext names the key that sealed it."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from tests.api.helpers import NAME, PHONE, png_bytes
from tests.conftest import MONDAY
from tousu.cases.attachments import attach, read
from tousu.cases.models import Attachment, Case, Complainant
from tousu.lib import crypto

MakeCase = Callable[..., Case]
OLD_KEY = "the-key-of-2025-" + "o" * 24
NEW_KEY = "the-key-of-2026-" + "n" * 24


def stored_phone(person: Complainant) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM cases_complainant WHERE id = %s", [person.pk])
        [(value,)] = cursor.fetchall()
    return str(value)


@pytest.fixture
def sealed_with_the_old_key(settings: Any, make_case: MakeCase) -> Complainant:
    settings.TOUSU_DATA_KEY = OLD_KEY
    settings.TOUSU_DATA_KEYS_OLD = []
    person: Complainant = make_case().complainants.get()
    return person


def test_a_value_sealed_with_the_old_key_still_reads_after_rotation(
    settings: Any, sealed_with_the_old_key: Complainant
) -> None:
    settings.TOUSU_DATA_KEY = NEW_KEY
    settings.TOUSU_DATA_KEYS_OLD = [OLD_KEY]

    person = Complainant.objects.get(pk=sealed_with_the_old_key.pk)

    assert stored_phone(person).startswith(f"v2:{crypto.key_id(OLD_KEY)}:")
    assert (person.name, person.phone) == (NAME, PHONE)


def test_saving_after_rotation_seals_with_the_new_key(
    settings: Any, sealed_with_the_old_key: Complainant
) -> None:
    settings.TOUSU_DATA_KEY = NEW_KEY
    settings.TOUSU_DATA_KEYS_OLD = [OLD_KEY]
    person = Complainant.objects.get(pk=sealed_with_the_old_key.pk)

    person.save()

    assert stored_phone(person).startswith(f"v2:{crypto.key_id(NEW_KEY)}:")
    settings.TOUSU_DATA_KEYS_OLD = []
    assert Complainant.objects.get(pk=person.pk).phone == PHONE


def test_without_the_old_key_the_error_names_the_missing_key(
    settings: Any, sealed_with_the_old_key: Complainant
) -> None:
    settings.TOUSU_DATA_KEY = NEW_KEY
    settings.TOUSU_DATA_KEYS_OLD = []

    person = Complainant.objects.get(pk=sealed_with_the_old_key.pk)

    with pytest.raises(crypto.DecryptionError, match=crypto.key_id(OLD_KEY)) as refused:
        _ = person.phone
    assert "TOUSU_DATA_KEYS_OLD" in str(refused.value)


def test_the_key_id_is_a_fingerprint_not_the_key(settings: Any) -> None:
    settings.TOUSU_DATA_KEY = NEW_KEY

    token = crypto.encrypt("13812345678", context="test")

    version, kid, _sealed = token.split(":")
    assert (version, kid) == ("v2", crypto.key_id(NEW_KEY))
    assert len(kid) == 8
    assert crypto.key_id(OLD_KEY) != kid
    assert NEW_KEY not in token


def test_resealing_after_rotation_moves_everything_to_the_new_key_and_search_finds_it_again(
    settings: Any, tmp_path: Path, org: dict[str, Any], sealed_with_the_old_key: Complainant
) -> None:
    settings.MEDIA_ROOT = tmp_path
    photo = attach(
        sealed_with_the_old_key.case, actor=org["clerk"], now=MONDAY, name="a.png", data=png_bytes()
    )
    settings.TOUSU_DATA_KEY = NEW_KEY
    settings.TOUSU_DATA_KEYS_OLD = [OLD_KEY]
    out = StringIO()

    call_command("reseal_personal_data", stdout=out)

    assert out.getvalue() == (
        "Sealed again: 1 complainants, 1 attachment keys, 0 case contact addresses, "
        "0 outbox addresses, "
        "0 logged message addresses, 0 bulk imports.\n"
    )
    assert stored_phone(sealed_with_the_old_key).startswith(f"v2:{crypto.key_id(NEW_KEY)}:")
    settings.TOUSU_DATA_KEYS_OLD = []
    person = Complainant.objects.get(phone_index=crypto.blind_index(PHONE))
    assert (person.pk, person.phone) == (sealed_with_the_old_key.pk, PHONE)
    assert read(Attachment.objects.get(pk=photo.pk)) == png_bytes()
    call_command("reseal_personal_data", stdout=out)
    assert out.getvalue().endswith(
        "Sealed again: 0 complainants, 0 attachment keys, 0 case contact addresses, "
        "0 outbox addresses, "
        "0 logged message addresses, 0 bulk imports.\n"
    )
