"""转办函: the case, in summary 摘要转出, to the unit of a transfer — never the complainant's
identity unless it was disclosed to that unit, and then only masked, as that unit sees it.

The letter is about one transfer (`Assignment`): the centre prints the one of the case's current
or last transfer that reached a unit; a unit, the one it received (its own latest). A second
transfer, to another unit or again to the same one, is a new letter with a new number.

《县机关效能投诉中心工作规则》第十条(二): "应摘要转出,原则上不得将投诉件原件照转;非属必需,不得
泄露投诉人真实姓名、单位等情况" (docs/rules.md)."""

from __future__ import annotations

from django.utils.translation import gettext

from tousu.cases.access import CaseView
from tousu.cases.models import Assignment, Case, Respondent

from ..letter import Fields, Letter, Paragraph, Section
from .common import (
    Basis,
    CaseLetter,
    Facts,
    Issue,
    NoLetter,
    contact_notes,
    day,
    demands_text,
    masked_people,
    transfers_received,
)


def basis(case: Case, view: CaseView) -> Basis:
    transfers = Assignment.objects.filter(case=case).select_related("unit").order_by("id")
    received = transfers_received(view, transfers)
    if not received:
        raise NoLetter(
            gettext("the case has not been transferred to a unit: there is no transfer letter"),
            status=case.status,
        )
    latest = received[-1]
    return Basis(f"assignment:{latest.pk}", latest)


def ready(case: Case, view: CaseView, facts: Facts) -> bool:
    return bool(transfers_received(view, facts.transfers))


def _respondent(case: Case) -> str:
    try:
        return case.respondent.name or "—"
    except Respondent.DoesNotExist:
        return "—"


def build(case: Case, view: CaseView, basis: Basis, issue: Issue) -> Letter:
    transfer: Assignment = basis.row
    values = {
        "date": day(case.received_at),
        "kind": case.get_kind_display(),
        "number": case.number,
        "due": day(transfer.due),
    }
    body = (
        gettext(
            "On %(date)s this centre received the %(kind)s below (case number %(number)s). In "
            "accordance with the rules on handling complaints it is transferred to your unit in "
            "summary. Please handle it according to the law and your duties, and report the result "
            "to this centre by %(due)s."
        )
        % values
    )
    rows: list[tuple[str, str]] = [
        (gettext("case number"), case.number),
        (gettext("kind"), case.get_kind_display()),
        (gettext("category"), case.category.name if case.category else "—"),
        (gettext("title"), case.title),
        (gettext("matter"), case.content),
        (gettext("address of the matter"), case.address or "—"),
        (gettext("demands"), demands_text(case)),
        (gettext("respondent"), _respondent(case)),
    ]
    if transfer.identity_disclosed and not case.anonymous:
        # Disclosed to this unit (告知承办单位诉求人身份): as the unit sees it, masked.
        rows.append((gettext("complainant"), masked_people(case)))
        confidential = gettext(
            "The complainant's identity was disclosed to your unit for handling this case only: "
            "keep it confidential and do not pass it on to the party complained about."
        )
    else:
        rows.append((gettext("complainant"), gettext("Kept confidential")))
        confidential = gettext(
            "The complainant's identity is kept confidential and is not given with this letter. "
            "Do not try to find out who complained, and keep this letter from the party "
            "complained about."
        )
    if transfer.note:
        rows.append((gettext("instructions"), transfer.note))
    rows.append((gettext("unit's due date"), day(transfer.due)))
    return Letter(
        kind="transfer",
        title=gettext("Transfer letter"),
        number=issue.number,
        heading=issue.heading,
        on=issue.on,
        case_number=case.number,
        addressee=gettext("%(unit)s:") % {"unit": transfer.unit.name},
        blocks=(
            Paragraph(body),
            Paragraph(confidential),
            Section(gettext("Summary of the case")),
            Fields(tuple(rows)),
        ),
        closing=gettext("This letter is sent for your handling."),
        notes=contact_notes(issue.heading),
    )


LETTER = CaseLetter("transfer", for_units=True, basis=basis, build=build, ready=ready)
