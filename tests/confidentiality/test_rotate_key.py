"""`tousu rotate-key`: with the new key in TOUSU_DATA_KEY and the old one in TOUSU_DATA_KEYS_OLD,
every sealed value of the project — complainants, the case's contact address, attachments' keys
and names, the outbox's and the log's addresses, and any other sealed column — is sealed again
with the new key and the blind indexes recomputed, batch by batch. Afterwards the old key can go
and everything still opens; a run stopped part-way is run again and finishes, the old key
opening the rest meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from tests.api.helpers import pdf_bytes, png_bytes
from tests.confidentiality.helpers import SCAN_NAME, with_files
from tests.notify.helpers import run_jobs
from tests.workbench.case_helpers import NOW
from tousu.cases import rekey
from tousu.cases.attachments import read
from tousu.cases.models import Attachment, Case, Complainant
from tousu.cli import main
from tousu.lib import crypto
from tousu.lib.fields import EncryptedTextField
from tousu.notify.models import Outbox, SentMessage

MakeCase = Callable[..., Case]
OLD_KEY = "the-key-of-2025-" + "o" * 24
NEW_KEY = "the-key-of-2026-" + "n" * 24
CONTACT = "13700001111"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def sealed_with_the_old_key(settings: Any, org: dict[str, Any], make_case: MakeCase) -> Case:
    """Two cases, files, and the messages about them, all sealed with the old key; then the new
    key is put in place, the old one moved to the ring."""
    settings.TOUSU_DATA_KEY, settings.TOUSU_DATA_KEYS_OLD = OLD_KEY, []
    case = make_case(channel="web", contact_channel="sms", contact_address=CONTACT)
    make_case()
    with_files(case, org)
    run_jobs(NOW)
    assert SentMessage.objects.exists()
    settings.TOUSU_DATA_KEY, settings.TOUSU_DATA_KEYS_OLD = NEW_KEY, [OLD_KEY]
    return case


def sealed_columns() -> list[tuple[str, str]]:
    """(table, column) of every sealed field of every installed model."""
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField) and field.column is not None
    ]


def stored_key_ids() -> set[str]:
    """The key ids of every non-empty sealed value in the database, read raw."""
    ids = set()
    with connection.cursor() as cursor:
        for table, column in sealed_columns():
            cursor.execute(f"SELECT {column} FROM {table}")
            ids |= {value.split(":")[1] for (value,) in cursor.fetchall() if value}
    return ids


def rotate(*args: str) -> list[str]:
    out = StringIO()
    call_command("rotate_data_key", *args, stdout=out)
    return out.getvalue().splitlines()


def test_after_rotation_the_old_key_goes_and_everything_still_opens(
    settings: Any, sealed_with_the_old_key: Case
) -> None:
    case = sealed_with_the_old_key
    assert stored_key_ids() == {crypto.key_id(OLD_KEY)}

    printed = rotate()
    settings.TOUSU_DATA_KEYS_OLD = []

    assert stored_key_ids() == {crypto.key_id(NEW_KEY)}
    assert printed[-1] == (
        f"every sealed value is under key {crypto.key_id(NEW_KEY)}: the old keys can now be "
        "removed from TOUSU_DATA_KEYS_OLD"
    )
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.contact_address == CONTACT
    people = list(Complainant.objects.order_by("pk"))
    assert [(p.name, p.phone, p.id_number) for p in people] == [
        ("张三", "13812345678", "110101199001011237")
    ] * 2
    found = Complainant.objects.filter(phone_index=crypto.blind_index("13812345678"))
    assert sorted(found.values_list("pk", flat=True)) == [p.pk for p in people]
    files = list(Attachment.objects.filter(case=case).order_by("pk"))
    assert [(f.original_name, read(f)) for f in files] == [
        ("现场.png", png_bytes()),
        (SCAN_NAME, pdf_bytes()),
    ]
    addresses = {o.address for o in Outbox.objects.all()}
    assert CONTACT in addresses
    assert {m.address for m in SentMessage.objects.all()} <= addresses


def test_every_sealed_column_is_covered_registered_or_not() -> None:
    covered = {
        (s.model._meta.db_table, rekey._field(s, f).column)
        for s in rekey.everything_sealed()
        for f in s.fields
    }

    assert set(sealed_columns()) <= covered
    assert ("cases_case", "contact_address") in covered
    assert ("cases_attachment", "original_name") in covered
    assert ("notify_outbox", "address") in covered


def test_a_run_stopped_part_way_is_run_again_and_finishes(
    settings: Any, sealed_with_the_old_key: Case
) -> None:
    real = rekey._reseal_row
    calls = {"n": 0}

    def dies_after_three(*args: Any) -> int:
        calls["n"] += 1
        if calls["n"] > 3:
            raise KeyboardInterrupt  # the operator's Ctrl+C, a lost connection
        return real(*args)

    with (
        mock.patch.object(rekey, "_reseal_row", side_effect=dies_after_three),
        pytest.raises(KeyboardInterrupt),
    ):
        rotate("--batch", "1")

    assert stored_key_ids() == {crypto.key_id(OLD_KEY), crypto.key_id(NEW_KEY)}
    assert [p.phone for p in Complainant.objects.all()] == ["13812345678"] * 2  # both keys open
    rotate("--batch", "1")
    settings.TOUSU_DATA_KEYS_OLD = []
    assert stored_key_ids() == {crypto.key_id(NEW_KEY)}
    assert Case.objects.get(pk=sealed_with_the_old_key.pk).contact_address == CONTACT


def test_a_second_run_changes_nothing(sealed_with_the_old_key: Case) -> None:
    rotate()

    printed = rotate()

    assert printed[0] == f"current key {crypto.key_id(NEW_KEY)}; values under older keys: none"
    assert all(c == "0" for c in [part.split()[0] for part in printed[1][13:].split(", ")])


def test_without_the_old_key_in_the_ring_nothing_is_touched(
    settings: Any, sealed_with_the_old_key: Case
) -> None:
    settings.TOUSU_DATA_KEYS_OLD = []

    with pytest.raises(CommandError, match=crypto.key_id(OLD_KEY)):
        rotate()

    assert stored_key_ids() == {crypto.key_id(OLD_KEY)}


def tousu(*argv: str) -> None:
    """The `tousu` command, in this process: the test's database connection is kept open
    (a command run from the command line closes every connection when it ends)."""
    with mock.patch("django.core.management.base.connections.close_all"):
        main(list(argv))


def test_generate_prints_a_new_key_and_changes_nothing(
    sealed_with_the_old_key: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    tousu("rotate-key", "--generate")

    key = capsys.readouterr().out.strip()
    assert len(key) >= 32
    assert "\n" not in key
    assert key not in (OLD_KEY, NEW_KEY)
    assert stored_key_ids() == {crypto.key_id(OLD_KEY)}


def test_tousu_rotate_key_runs_the_command(
    sealed_with_the_old_key: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    tousu("rotate-key")

    assert "the old keys can now be removed" in capsys.readouterr().out
    assert stored_key_ids() == {crypto.key_id(NEW_KEY)}
