"""The name a file came with ("张三身份证.pdf") says whose it is: it is sealed in the attachment's
row (bound to the case and the stored file, like the file's key) and kept out of the events — the
timeline reads it from the attachment, for those who may see the file. The migration `cases.0013`
seals the names stored before and takes them out of the older events."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection

from tests.api.helpers import get, token_client
from tests.confidentiality.helpers import SCAN_NAME, with_files
from tousu.cases.models import Attachment, Case, CaseEvent
from tousu.lib import crypto

MakeCase = Callable[..., Case]
migration = importlib.import_module("tousu.cases.migrations.0013_sealed_attachment_names")
SCHEMA_EDITOR = SimpleNamespace(connection=connection)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_name(row: Attachment) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT original_name FROM cases_attachment WHERE id = %s", [row.pk])
        [(value,)] = cursor.fetchall()
    return str(value)


def stored_event_data(event_id: int) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM cases_caseevent WHERE id = %s", [event_id])
        [(value,)] = cursor.fetchall()
    return value if isinstance(value, dict) else json.loads(value)


def test_the_name_is_stored_sealed_and_reads_back(org: dict[str, Any], make_case: MakeCase) -> None:
    _photo, scan = with_files(make_case(), org)

    token = stored_name(scan)

    assert token.startswith(f"v2:{crypto.current_key_id()}:")
    assert "身份证" not in token
    assert Attachment.objects.get(pk=scan.pk).original_name == SCAN_NAME


def test_the_event_of_an_upload_keeps_no_name(org: dict[str, Any], make_case: MakeCase) -> None:
    case = make_case()
    _photo, scan = with_files(case, org)

    event = CaseEvent.objects.get(case=case, verb="attach", data__attachment=scan.pk)

    assert stored_event_data(event.pk) == {
        "attachment": scan.pk,
        "type": "application/pdf",
        "size": scan.size,
        "confidential": True,
    }


def test_the_timeline_still_names_the_file_to_the_centre(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    with_files(case, org)

    events = get(token_client(org["clerk"]), f"/cases/{case.pk}/events").json()

    assert [e["data"]["name"] for e in events if e["verb"] == "attach"] == ["现场.png", SCAN_NAME]


def test_the_migration_seals_the_names_stored_before_and_clears_the_events(
    org: dict[str, Any], make_case: MakeCase
) -> None:
    case = make_case()
    _photo, scan = with_files(case, org)
    event = CaseEvent.objects.get(case=case, verb="attach", data__attachment=scan.pk)
    with connection.cursor() as cursor:  # as version 1 stored them: the name in clear, twice
        cursor.execute(
            "UPDATE cases_attachment SET original_name = %s WHERE id = %s", [SCAN_NAME, scan.pk]
        )
        old_data = {**stored_event_data(event.pk), "name": SCAN_NAME}
        cursor.execute(
            "UPDATE cases_caseevent SET data = %s WHERE id = %s", [json.dumps(old_data), event.pk]
        )

    migration.seal_names(django_apps, SCHEMA_EDITOR)
    migration.names_out_of_events(django_apps, SCHEMA_EDITOR)

    assert stored_name(scan).startswith("v2:")
    assert Attachment.objects.get(pk=scan.pk).original_name == SCAN_NAME
    assert "name" not in stored_event_data(event.pk)
    sealed = stored_name(scan)
    migration.seal_names(django_apps, SCHEMA_EDITOR)  # run again: nothing sealed twice
    assert stored_name(scan) == sealed
