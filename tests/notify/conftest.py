"""Every notification story starts like a fresh installation: the fan-out's cursor at the last
event id the database has handed out (the migration does the same on an installed centre).

On PostgreSQL the ids come from a sequence that a rolled-back test does not rewind, so without
this each story's first event would follow a gap left by the tests before it — a gap the fan-out
rightly waits on while it may be a transaction still committing (see tousu/notify/fanout.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Max

from tousu.cases.models import CaseEvent
from tousu.notify.models import Cursor


def last_event_id_handed_out() -> int:
    if connection.vendor == "postgresql":
        table = CaseEvent._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id'))", [table]
            )
            (value,) = cursor.fetchone()
        return int(value or 0)
    return int(CaseEvent.objects.aggregate(last=Max("id"))["last"] or 0)


@pytest.fixture(autouse=True)
def _cursor_at_the_end_of_the_log(db: Any) -> None:
    Cursor.objects.update_or_create(
        name="fanout", defaults={"last_event_id": last_event_id_handed_out()}
    )
