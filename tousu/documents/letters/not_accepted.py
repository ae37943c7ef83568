"""不予受理告知书: the notice to the complainant that the case is not accepted, with the reason
given when it was refused (the `reject` event); only while the case's status is not accepted
(409 otherwise). A case reopened and refused again gets a new notice."""

from __future__ import annotations

from django.utils.translation import gettext

from tousu.cases.access import CaseView
from tousu.cases.models import Case, CaseEvent, Status

from ..letter import Letter
from .common import (
    Basis,
    CaseLetter,
    Facts,
    Issue,
    NoLetter,
    case_values,
    to_citizen,
)


def basis(case: Case, view: CaseView) -> Basis:
    event = None
    if case.status == Status.NOT_ACCEPTED:
        event = CaseEvent.objects.filter(case=case, verb="reject").order_by("-id").first()
    if event is None:
        raise NoLetter(
            gettext("the case is not in the status not accepted: there is no such notice"),
            status=case.status,
        )
    return Basis(f"event:{event.pk}", event)


def build(case: Case, view: CaseView, basis: Basis, issue: Issue) -> Letter:
    event: CaseEvent = basis.row
    opening = gettext(
        "The %(kind)s you brought to this centre on %(date)s (case number %(number)s, "
        "“%(title)s”) has been examined. This centre has decided not to accept it, for the "
        "following reason:"
    ) % case_values(case)
    return to_citizen(
        case,
        issue,
        kind="not_accepted",
        title=gettext("Notice of non-acceptance"),
        opening=opening,
        quoted=event.note,
        closing=gettext("We hereby inform you."),
    )


def ready(case: Case, view: CaseView, facts: Facts) -> bool:
    return case.status == Status.NOT_ACCEPTED and "reject" in facts.verbs


LETTER = CaseLetter("not_accepted", for_units=False, basis=basis, build=build, ready=ready)
