"""Rotating the data key reseals the notification tables too: the outbox's addresses (a
complainant's phone, a member of staff's e-mail) and the addresses the log backends recorded. After
`reseal_personal_data` the old key can be dropped and every address still opens — and every sealed
column of every installed model is covered by the command."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import connection

from tests.conftest import MONDAY
from tousu.cases import rekey
from tousu.lib import crypto
from tousu.lib.fields import EncryptedTextField
from tousu.notify.models import Outbox, SentMessage

OLD_KEY = "the-key-of-2025-" + "o" * 24
NEW_KEY = "the-key-of-2026-" + "n" * 24
PHONE = "13812345678"
EMAIL = "zhang.wei@example.cn"


def stored(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT address FROM {table} WHERE id = %s", [pk])
        [(value,)] = cursor.fetchall()
    return str(value)


def outbox_row(dedupe_key: str, channel: str, address: str) -> Outbox:
    row = Outbox(
        dedupe_key=dedupe_key,
        channel=channel,
        kind="acknowledged",
        address=address,
        template="acknowledged",
        next_attempt_at=MONDAY,
        created_at=MONDAY,
    )
    row.save()
    return row


def test_after_rotation_the_old_key_goes_and_the_addresses_still_open(
    settings: Any, db: Any
) -> None:
    settings.TOUSU_DATA_KEY, settings.TOUSU_DATA_KEYS_OLD = OLD_KEY, []
    sms = outbox_row("e1:acknowledged:complainant:sms", "sms", PHONE)
    mail = outbox_row("e1:new_work:u1:email", "email", EMAIL)
    logged = SentMessage(outbox_id=sms.pk, channel="sms", address=PHONE, body="…", sent_at=MONDAY)
    logged.save()
    settings.TOUSU_DATA_KEY, settings.TOUSU_DATA_KEYS_OLD = NEW_KEY, [OLD_KEY]
    out = StringIO()

    call_command("reseal_personal_data", stdout=out)
    settings.TOUSU_DATA_KEYS_OLD = []

    assert out.getvalue() == (
        "Sealed again: 0 complainants, 0 attachment keys, 0 case contact addresses, "
        "2 outbox addresses, "
        "1 logged message addresses, 0 bulk imports.\n"
    )
    new = f"v2:{crypto.key_id(NEW_KEY)}:"
    assert stored("notify_outbox", sms.pk).startswith(new)
    assert stored("notify_sentmessage", logged.pk).startswith(new)
    assert [Outbox.objects.get(pk=r.pk).address for r in (sms, mail)] == [PHONE, EMAIL]
    assert SentMessage.objects.get(pk=logged.pk).address == PHONE


def test_every_sealed_column_of_every_installed_model_is_resealed() -> None:
    sealed = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, EncryptedTextField)
    }

    covered = {(s.model._meta.label, name) for s in rekey.SEALED for name in s.fields}

    assert sealed == covered
    assert ("notify.Outbox", "address") in covered
