"""答复函: the centre's reply to the complainant, addressed by surname (张先生/女士) or as 投诉人
when the case is anonymous; with the QR code of the tracking page. About the case's latest reply
(a reply after rework is a new letter); none before the case was replied to (409)."""

from __future__ import annotations

from django.utils.translation import gettext

from tousu.cases.access import CaseView
from tousu.cases.models import Case, CaseEvent

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
    event = CaseEvent.objects.filter(case=case, verb="reply").order_by("-id").first()
    if event is None:
        raise NoLetter(
            gettext("the case has not been replied to yet: there is no reply letter"),
            status=case.status,
        )
    return Basis(f"event:{event.pk}", event)


def build(case: Case, view: CaseView, basis: Basis, issue: Issue) -> Letter:
    event: CaseEvent = basis.row
    data = event.data if isinstance(event.data, dict) else {}
    text = data.get("content")
    if not isinstance(text, str):  # older events kept only the latest reply on the case
        text = case.reply
    opening = gettext(
        "The %(kind)s you brought to this centre on %(date)s (case number %(number)s, "
        "“%(title)s”) has been handled. Our reply is as follows:"
    ) % case_values(case)
    return to_citizen(
        case,
        issue,
        kind="reply",
        title=gettext("Reply letter"),
        opening=opening,
        quoted=text or "",
        after=(gettext("Thank you for your understanding and support."),),
    )


def ready(case: Case, view: CaseView, facts: Facts) -> bool:
    return "reply" in facts.verbs


LETTER = CaseLetter("reply", for_units=False, basis=basis, build=build, ready=ready)
