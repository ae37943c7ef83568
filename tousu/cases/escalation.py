"""What supervision 督办 needs from the case domain: the policy of a case, and its ladder.

The ladder of a case held by a handling unit: its leader (level 1), the centre's deputy director
(2), the director (3). A case the centre holds itself (self-handled, or waiting at the centre to
be dispatched or signed off) starts at the deputy director. The policies are looked up and cached
as the deadline policies are (`cases.policies`)."""

from __future__ import annotations

from dataclasses import dataclass

from tousu.orgs.models import CENTRE_KINDS, Role
from tousu.orgs.staff import UnitTree, unit_tree

from . import policies
from .models import Case, EscalationLevel, SupervisionPolicy


@dataclass(frozen=True)
class Supervision:
    """A supervision policy's numbers (working days), or the defaults when no row matches."""

    remind_after: int = 0
    escalate_after: int = 2
    next_level_after: int = 2
    answer_days: int = 2
    levels: int = EscalationLevel.DIRECTOR


_POLICIES = "supervision-policies"  # the cache name of their rows (see `policies`)


def _rows() -> list[policies.Row]:
    def load() -> list[policies.Row]:
        return list(
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

    return policies.cached(_POLICIES, load)


def invalidate_supervision_policies() -> None:
    policies.forget(_POLICIES)


def supervision_for(kind: str, severity: str) -> Supervision:
    """The most specific active policy: kind and severity > severity > kind > neither."""
    found = policies.matching(_rows(), kind, severity)
    if not found:
        return Supervision()
    row = found[0]
    return Supervision(
        remind_after=row["remind_after"],
        escalate_after=row["escalate_after"],
        next_level_after=row["next_level_after"],
        answer_days=row["answer_days"],
        levels=row["levels"],
    )


def supervision_of(case: Case) -> Supervision:
    return supervision_for(case.kind, case.severity)


def held_by_a_unit(case: Case, tree: UnitTree | None = None) -> bool:
    """Whether a handling unit (not the centre itself) holds the case. A caller asking for many
    cases passes the unit tree it read once (each `unit_tree()` is a cache read)."""
    kinds = (tree or unit_tree()).kind
    return case.unit_id is not None and kinds.get(case.unit_id) not in CENTRE_KINDS


def first_level(case: Case, tree: UnitTree | None = None) -> int:
    return EscalationLevel.UNIT_LEADER if held_by_a_unit(case, tree) else EscalationLevel.DEPUTY


def addressee(case: Case, level: int) -> tuple[int, str]:
    """(unit id, role) a 督办 of this level goes to."""
    if level == EscalationLevel.UNIT_LEADER:
        assert case.unit_id is not None
        return case.unit_id, Role.UNIT_LEADER
    role = Role.DEPUTY if level == EscalationLevel.DEPUTY else Role.DIRECTOR
    return case.centre_id, role
