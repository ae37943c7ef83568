"""Disclosing and revealing who complained.

Disclosure 告知承办单位诉求人身份 (the workflow verb `disclose_identity`): the centre's leader lets
the unit holding the case see the complainant, masked. It is made to that unit's transfer
(`Assignment.identity_disclosed`), not to the case: a unit the case is dispatched to later does
not inherit it. The unit keeps what it was told — also after it returned the case.

Revealing: the centre's authorised staff may see a complainant in full
(name, phone, ID number, address) — never silently. Every reveal is logged as an append-only
`CaseEvent` ("reveal_identity") with the reason given; it does not change the case's status, so it
is no transition in the workflow table, and nothing of the revealed identity is stored anywhere.

Who may: the intake clerks, dispatchers, deputies and the director of the case's centre
(`rights.RIGHTS["reveal_identity"]`); not handling units (for them the complainant is hidden
unless the centre disclosed it, and even then masked), not analysts or supervisors.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from tousu.orgs.staff import staff_of

from .errors import Forbidden, InvalidInput, NotAllowed
from .models import Assignment, AssignmentState, Case, CaseEvent, Complainant
from .rights import may

REASON_MAX_LENGTH = 500
# A transfer the unit can see and still works on: the only kind an identity is disclosed to.
DISCLOSABLE_STATES = (AssignmentState.AWAITING_SIGN, AssignmentState.ACTIVE)


def transfer_to_disclose(case: Case) -> Assignment | None:
    """The open transfer of the unit holding the case, if its identity is still undisclosed to
    it; None for an anonymous case, one at the centre, or one disclosed to its unit already."""
    if case.anonymous or case.unit_id is None:
        return None
    return (
        Assignment.objects.filter(
            case=case,
            unit_id=case.unit_id,
            state__in=DISCLOSABLE_STATES,
            self_handled=False,
            identity_disclosed=False,
        )
        .order_by("-id")
        .first()
    )


def disclosed_to_holder(case: Case) -> bool:
    """Whether the unit holding the case now was told who complained (what the centre sees)."""
    if case.unit_id is None:
        return False
    return Assignment.objects.filter(
        case=case, unit_id=case.unit_id, self_handled=False, identity_disclosed=True
    ).exists()


def reveal_identity(case: Case, *, actor: Any, now: datetime, reason: Any) -> list[Complainant]:
    """The case's complainants unmasked, after logging who looked and why."""
    if not may("reveal_identity", staff_of(actor), case, now):
        raise Forbidden(gettext("you may not see the complainant's full identity"))
    if not isinstance(reason, str):
        raise InvalidInput.one("reason", gettext("must be text"))
    why = reason.strip()
    if not why:
        raise InvalidInput.one("reason", gettext("is required"))
    if len(why) > REASON_MAX_LENGTH:
        raise InvalidInput.one(
            "reason",
            gettext("is longer than %(limit)s characters") % {"limit": REASON_MAX_LENGTH},
        )
    if case.anonymous:
        raise NotAllowed(
            gettext("the case is anonymous: there is no identity to reveal"), status=case.status
        )
    with transaction.atomic():
        people = list(Complainant.objects.filter(case=case).order_by("position"))
        CaseEvent.objects.create(
            case=case,
            verb="reveal_identity",
            actor=actor,
            at=now,
            from_status=case.status,
            to_status=case.status,
            note=why,
            data={"complainants": len(people)},
        )
    return people
