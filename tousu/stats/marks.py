"""The case figures: what a case counts as now, from its own columns (not from its events).

The summary counts the cases received in the period (the contract); each of them counts in
these figures by what became of it: accepted 受理, not accepted 不予受理, referred 转出, closed
办结, justified 有理 or not, valid 有效 or not, collective 集体, repeat 重复. Exact meanings in
docs/statistics.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Min

from tousu.calendar import services as calendar
from tousu.cases.models import Case, Complainant, Status

from .models import CaseMark

# Every case counts once as received; the others are the flags of its mark.
RECEIVED = "received"
CASE_FLAGS = (
    "accepted",
    "not_accepted",
    "referred",
    "closed",
    "justified",
    "unjustified",
    "valid",
    "invalid",
    "collective",
    "repeat",
)
CASE_FIGURES = (RECEIVED, *CASE_FLAGS)

_CLOSED = frozenset({Status.CLOSED, Status.ARCHIVED})


def marks_for(case_ids: Iterable[int]) -> dict[int, CaseMark]:
    """The marks the cases deserve now (cases that no longer exist have none)."""
    cases = list(
        Case.objects.filter(pk__in=list(case_ids)).only(
            "id",
            "received_at",
            "centre_id",
            "category_id",
            "kind",
            "channel",
            "severity",
            "status",
            "accepted_at",
            "justified",
            "valid",
            "party_count",
        )
    )
    repeats = _repeats(cases)
    return {case.pk: _mark(case, case.pk in repeats) for case in cases}


def _mark(case: Case, repeat: bool) -> CaseMark:
    return CaseMark(
        case_id=case.pk,
        day=calendar.local_date(case.received_at),
        centre_id=case.centre_id,
        category_id=case.category_id or 0,
        kind=case.kind,
        channel=case.channel,
        severity=case.severity,
        accepted=case.accepted_at is not None,
        not_accepted=case.status == Status.NOT_ACCEPTED,
        referred=case.status == Status.REFERRED,
        closed=case.status in _CLOSED,
        justified=case.justified is True,
        unjustified=case.justified is False,
        valid=case.valid is True,
        invalid=case.valid is False,
        collective=case.party_count >= settings.TOUSU_COLLECTIVE_PARTIES,
        repeat=repeat,
    )


def _repeats(cases: list[Case]) -> set[int]:
    """The cases brought by a complainant (the same phone number) who brought an earlier case
    within `TOUSU_REPEAT_DAYS` days before it: 重复投诉. The phone is compared by its blind index,
    never in clear. Two queries for the whole batch."""
    if not cases:
        return set()
    by_id = {c.pk: c for c in cases}
    phones: dict[int, set[str]] = {}
    for case_id, phone in (
        Complainant.objects.filter(case_id__in=list(by_id))
        .exclude(phone_index="")
        .values_list("case_id", "phone_index")
    ):
        phones.setdefault(case_id, set()).add(phone)
    if not phones:
        return set()
    every = {p for ps in phones.values() for p in ps}
    window = timedelta(days=settings.TOUSU_REPEAT_DAYS)
    earliest = min(c.received_at for c in cases) - window
    first_seen: dict[str, list[Any]] = {}
    rows = (
        Complainant.objects.filter(phone_index__in=every, case__received_at__gte=earliest)
        .values("phone_index", "case_id")
        .annotate(at=Min("case__received_at"))
    )
    for row in rows:
        first_seen.setdefault(row["phone_index"], []).append((row["at"], row["case_id"]))
    found = set()
    for case_id, own in phones.items():
        case = by_id[case_id]
        start = case.received_at - window
        for phone in own:
            if any(
                (start <= at < case.received_at) or (at == case.received_at and other < case_id)
                for at, other in first_seen.get(phone, ())
                if other != case_id
            ):
                found.add(case_id)
                break
    return found
