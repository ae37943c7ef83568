"""An import waiting for confirmation (or its error report) keeps the file's rows and name sealed
with the data key; `tousu rotate-key` seals them again like every personal datum, and they still
open once the old key is gone."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from django.core.management import call_command

from tousu.cases import rekey
from tousu.intake.importing import jobs
from tousu.intake.importing.models import ImportJob

from .helpers import BAD_PHONE, GOOD, xlsx_bytes
from .workbench_helpers import client_for, job_id, upload


def test_a_key_rotation_seals_a_waiting_import_again(org: dict[str, Any], settings: Any) -> None:
    client = client_for(org["clerk"])
    pk = job_id(upload(client, "来信.xlsx", xlsx_bytes([GOOD[0], BAD_PHONE])))
    old, new = settings.TOUSU_DATA_KEY, "a-new-data-key-of-at-least-32-characters!"
    settings.TOUSU_DATA_KEY, settings.TOUSU_DATA_KEYS_OLD = new, [old]
    assert rekey.stale() != Counter()
    call_command("rotate_data_key", stdout=io.StringIO())
    assert rekey.stale() == Counter()
    settings.TOUSU_DATA_KEYS_OLD = []
    job = ImportJob.objects.get(pk=pk)
    assert [row.number for row in jobs.open_rows(job)] == [2, 3]
    assert job.file_name == "来信.xlsx"
