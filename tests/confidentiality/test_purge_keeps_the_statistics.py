"""A purge for retention changes no statistic: the counts of cases by kind, category, unit,
channel, status, severity, satisfaction and verdict, by the day they were received and closed,
and the counts of events by verb and status, read the same before and after."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import TruncDate
from time_machine import TimeMachineFixture

from tests.confidentiality.helpers import PURGE_AT, ended_case
from tests.workbench.case_helpers import NOW
from tousu.cases import workflow as wf
from tousu.cases.models import Case, CaseEvent, Complainant
from tousu.cases.registration import NewComplainant

MakeCase = Callable[..., Case]
DIMENSIONS = (
    "kind",
    "category__code",
    "unit__code",
    "channel",
    "status",
    "severity",
    "satisfaction",
    "justified",
    "valid",
    "anonymous",
    "party_count",
)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def statistics() -> dict[str, Any]:
    cases = Case.objects.all()
    events = CaseEvent.objects.exclude(verb="purge")
    return {
        **{
            name: Counter(dict(cases.values_list(name).annotate(n=Count("id")).order_by()))
            for name in DIMENSIONS
        },
        "received": Counter(
            dict(
                cases.annotate(day=TruncDate("received_at"))
                .values_list("day")
                .annotate(n=Count("id"))
                .order_by()
            )
        ),
        "closed": sorted(cases.values_list("number", "closed_at", "accepted_at", "registered_at")),
        "events": Counter(events.values_list("verb", "from_status", "to_status", "actor_id")),
        "event_times": sorted(events.values_list("case_id", "verb", "at")),
        "complainants": Counter(
            Complainant.objects.values_list("case_id", "gender", "special_identity")
        ),
    }


def test_the_statistics_read_the_same_after_a_purge(
    org: dict[str, Any], make_case: MakeCase, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(NOW, tick=False)
    ended_case(make_case, org)
    ended_case(make_case, org, to="closed", kind="report", category="food")
    ended_case(
        make_case,
        org,
        channel="phone",
        contact_channel="",
        contact_address="",
        complainants=[NewComplainant(name="李四", phone="13900001111", gender="female")] * 2,
    )
    wf.reject(make_case(), actor=org["clerk"], now=NOW, reason="不属于受理范围")
    make_case(kind="suggestion")  # still open
    time_machine.move_to(PURGE_AT, tick=False)
    before = statistics()

    call_command("purge_personal_data", stdout=StringIO())

    assert CaseEvent.objects.filter(verb="purge").count() == 4
    assert statistics() == before
