"""What supervision 督办 needs from the case domain: the policy of a case, and its ladder.

The ladder of a case held by a handling unit: its leader (level 1), the centre's deputy director
(2), the director (3). A case the centre holds itself (self-handled, or waiting at the centre to
be dispatched or signed off) starts at the deputy director. Cached like the deadline policies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from tousu.orgs.models import CENTRE_KINDS, Role
from tousu.orgs.staff import unit_tree

from .models import Case, EscalationLevel, SupervisionPolicy

_CACHE_KEY = "tousu:cases:supervision-policies"


@dataclass(frozen=True)
class Supervision:
    """A supervision policy's numbers (working days), or the defaults when no row matches."""

    remind_after: int = 0
    escalate_after: int = 2
    next_level_after: int = 2
    answer_days: int = 2
    levels: int = EscalationLevel.DIRECTOR


def _rows() -> list[dict[str, Any]]:
    rows = cache.get(_CACHE_KEY)
    if rows is None:
        rows = list(
            SupervisionPolicy.objects.filter(is_active=True).values(
                "kind",
                "severity",
                "remind_after",
                "escalate_after",
                "next_level_after",
                "answer_days",
                "levels",
            )
        )
        cache.set(_CACHE_KEY, rows, 300)
    return rows


def invalidate_supervision_policies() -> None:
    cache.delete(_CACHE_KEY)


def supervision_for(kind: str, severity: str) -> Supervision:
    """The most specific active policy: kind and severity > severity > kind > neither."""
    best: tuple[int, dict[str, Any]] | None = None
    for row in _rows():
        if (row["kind"] and row["kind"] != kind) or (
            row["severity"] and row["severity"] != severity
        ):
            continue
        score = (1 if row["kind"] else 0) + (2 if row["severity"] else 0)
        if best is None or score > best[0]:
            best = (score, row)
    if best is None:
        return Supervision()
    row = best[1]
    return Supervision(
        remind_after=row["remind_after"],
        escalate_after=row["escalate_after"],
        next_level_after=row["next_level_after"],
        answer_days=row["answer_days"],
        levels=row["levels"],
    )


def supervision_of(case: Case) -> Supervision:
    return supervision_for(case.kind, case.severity)


def held_by_a_unit(case: Case) -> bool:
    """Whether a handling unit (not the centre itself) holds the case."""
    return case.unit_id is not None and unit_tree().kind.get(case.unit_id) not in CENTRE_KINDS


def first_level(case: Case) -> int:
    return EscalationLevel.UNIT_LEADER if held_by_a_unit(case) else EscalationLevel.DEPUTY


def addressee(case: Case, level: int) -> tuple[int, str]:
    """(unit id, role) a 督办 of this level goes to."""
    if level == EscalationLevel.UNIT_LEADER:
        assert case.unit_id is not None
        return case.unit_id, Role.UNIT_LEADER
    role = Role.DEPUTY if level == EscalationLevel.DEPUTY else Role.DIRECTOR
    return case.centre_id, role
