"""Revealing who complained: the centre's authorised staff may see a complainant in full
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
from .models import Case, CaseEvent, Complainant
from .rights import may

REASON_MAX_LENGTH = 500


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
