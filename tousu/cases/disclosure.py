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

A file marked confidential (a signed letter, an ID card scan) shows who complained as plainly:
opening one is a reveal too (`confidential_file_opened`, logged by whatever serves the file — the
workbench, the API), with the file as its reason. Nothing else shows a complainant unmasked (see
docs/confidentiality.md for the list and why).

Who viewed: the centre's leaders and supervisors see every reveal of a case — who, when, why, what
(`identity_views`), on the workbench's case page and in the API's case detail; a handling unit
never does (its timeline never carries a reveal either, `timeline.CENTRE_ONLY_VERBS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from tousu.orgs.models import Role
from tousu.orgs.staff import staff_of

from .errors import Forbidden, InvalidInput, NotAllowed
from .models import Assignment, AssignmentState, Attachment, Case, CaseEvent, Complainant
from .rights import may

REASON_MAX_LENGTH = 500
# A transfer the unit can see and still works on: the only kind an identity is disclosed to.
DISCLOSABLE_STATES = (AssignmentState.AWAITING_SIGN, AssignmentState.ACTIVE)
VERB = "reveal_identity"
# Who sees the list of reveals of a case ("who viewed this"): the centre's leaders and supervisors.
SEES_WHO_VIEWED = (Role.SUPERVISOR, Role.DEPUTY, Role.DIRECTOR)


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
            verb=VERB,
            actor=actor,
            at=now,
            from_status=case.status,
            to_status=case.status,
            note=why,
            data={"complainants": len(people)},
        )
    return people


def confidential_file_opened(attachment: Attachment, *, actor: Any, now: datetime) -> None:
    """Log that `actor` opened a confidential file of its case (a download, a preview): one
    reveal event naming the file. The caller has checked that the actor may see the file
    (`access.files_seen`); opening any other file logs nothing."""
    if not attachment.confidential:
        return
    case = attachment.case
    CaseEvent.objects.create(
        case=case,
        verb=VERB,
        actor=actor,
        at=now,
        from_status=case.status,
        to_status=case.status,
        data={"attachment": attachment.pk},
    )


@dataclass(frozen=True)
class IdentityView:
    """One unmasked look at a case's complainant: who, when, why — and at what."""

    at: datetime
    actor: Any  # the user; None if the account was deleted since
    reason: str  # as given; empty for a file, whose opening is its own reason
    complainants: int  # how many were shown in full (0 for a file)
    attachment: int | None  # the confidential file opened
    file_name: str  # its name ("" once the file is gone)


def may_see_identity_views(user: Any, case: Case) -> bool:
    staff = staff_of(user)
    return staff.is_superuser or staff.acts_as(SEES_WHO_VIEWED, case.centre_id)


def identity_views(case: Case, *, actor_related: str = "actor") -> list[IdentityView]:
    """Every reveal of the case's complainant, newest first (two queries: the events, and the
    names of the files opened)."""
    events = list(
        CaseEvent.objects.filter(case=case, verb=VERB).select_related(actor_related).order_by("-id")
    )
    opened = {e.data.get("attachment") for e in events if isinstance(e.data, dict)}
    wanted = {pk for pk in opened if isinstance(pk, int)}
    names = (
        {a.pk: a.original_name for a in Attachment.objects.filter(case=case, pk__in=wanted)}
        if wanted
        else {}
    )
    out = []
    for e in events:
        data = e.data if isinstance(e.data, dict) else {}
        attachment = data.get("attachment")
        file = attachment if isinstance(attachment, int) else None
        count = data.get("complainants")
        out.append(
            IdentityView(
                at=e.at,
                actor=e.actor,
                reason=e.note,
                complainants=count if isinstance(count, int) else 0,
                attachment=file,
                file_name=names.get(file, "") if file is not None else "",
            )
        )
    return out
